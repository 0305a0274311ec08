import Form from "next/form";
import Link from "next/link";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { TextField } from "@/components/ui/text-field";

export interface CohortFilterProps {
  presets: { label: string; href: string; current: boolean }[];
  /** The dates as typed (shown back in the fields, even when invalid). */
  from?: string;
  to?: string;
  errors?: { from?: string; to?: string } | null;
  /** Kept across a new range, so the open list follows the cohort. */
  keep: Record<string, string>;
}

/**
 * Which sign-ups the funnel counts: presets as links, or two dates. It is a
 * GET form, so the cohort lives in the URL (shareable, back-button friendly)
 * and works before any JavaScript has loaded.
 */
export function CohortFilter({ presets, from, to, errors, keep }: CohortFilterProps) {
  return (
    <div className="flex flex-col gap-4">
      <nav aria-label="Cohort presets">
        <ul className="flex flex-wrap gap-2">
          {presets.map((preset) => (
            <li key={preset.label}>
              <Link
                href={preset.href}
                aria-current={preset.current ? "page" : undefined}
                className={cn(
                  "inline-flex min-h-11 items-center rounded-full border px-4 text-sm font-medium",
                  preset.current
                    ? "border-indigo-600 bg-indigo-600 text-white"
                    : "border-slate-300 bg-white text-slate-800 hover:bg-slate-100",
                )}
              >
                {preset.label}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <Form action="/insights" className="flex flex-col gap-3 sm:flex-row sm:items-end" aria-label="Custom cohort">
        {Object.entries(keep).map(([name, value]) => (
          <input key={name} type="hidden" name={name} value={value} />
        ))}
        <TextField
          type="date"
          name="from"
          label="Signed up from"
          hint="UTC, inclusive"
          defaultValue={from}
          errors={errors?.from ? [errors.from] : undefined}
        />
        <TextField
          type="date"
          name="to"
          label="Signed up until"
          hint="UTC, inclusive"
          defaultValue={to}
          errors={errors?.to ? [errors.to] : undefined}
        />
        <Button type="submit" variant="secondary" className="sm:mb-0">
          Show this cohort
        </Button>
      </Form>
    </div>
  );
}
