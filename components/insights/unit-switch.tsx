import Link from "next/link";
import { cn } from "@/components/ui/cn";
import type { FunnelUnitOption } from "./funnel-view";

/**
 * People or organisations: a segmented control made of links, so the unit
 * lives in the URL, works before JavaScript and is reached with Tab; the
 * current one is marked for assistive technology (aria-current).
 */
export function UnitSwitch({ options }: { options: FunnelUnitOption[] }) {
  return (
    <nav aria-label="Count the funnel by">
      <ul className="inline-flex rounded-lg border border-slate-300 bg-slate-50 p-1">
        {options.map((option) => (
          <li key={option.label}>
            <Link
              href={option.href}
              aria-current={option.current ? "page" : undefined}
              className={cn(
                "inline-flex min-h-11 items-center rounded-md px-4 text-sm font-medium focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600",
                option.current ? "bg-white text-indigo-800 shadow-sm ring-1 ring-slate-300" : "text-slate-700 hover:bg-white",
              )}
            >
              {option.label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
