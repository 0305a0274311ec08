import { cn } from "@/components/ui/cn";

const TONES = {
  neutral: "border-slate-300 bg-slate-100 text-slate-800",
  success: "border-emerald-300 bg-emerald-50 text-emerald-900",
  warning: "border-amber-300 bg-amber-50 text-amber-900",
  danger: "border-red-300 bg-red-50 text-red-900",
} as const;

/** A small status label. The words carry the meaning; the colour only repeats it. */
export function StatusBadge({ tone, children }: { tone: keyof typeof TONES; children: string }) {
  return (
    <span className={cn("inline-flex items-center rounded-full border px-2 py-0.5 text-xs font-medium whitespace-nowrap", TONES[tone])}>
      {children}
    </span>
  );
}
