import type { ReactNode } from "react";
import { cn } from "./cn";

const TONES = {
  error: "border-red-300 bg-red-50 text-red-900",
  info: "border-sky-300 bg-sky-50 text-sky-900",
  success: "border-emerald-300 bg-emerald-50 text-emerald-900",
} as const;

export interface AlertProps {
  tone?: keyof typeof TONES;
  title?: string;
  children: ReactNode;
  className?: string;
  /**
   * False inside a live region the page already has (which announces it):
   * the box then has no role of its own, so it is not announced twice.
   */
  live?: boolean;
}

/**
 * A message box. Errors use role="alert" so screen readers announce them the
 * moment they appear; other tones are a polite status.
 */
export function Alert({ tone = "info", title, children, className, live = true }: AlertProps) {
  return (
    <div
      role={live ? (tone === "error" ? "alert" : "status") : undefined}
      className={cn("rounded-md border p-3 text-sm", TONES[tone], className)}
    >
      {title && <p className="font-semibold">{title}</p>}
      <div>{children}</div>
    </div>
  );
}
