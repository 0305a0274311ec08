import { SeriesSwatch } from "./funnel-patterns";
import type { FunnelSeries } from "./funnel-view";

const GROUPS = [
  { group: "done", label: "Done" },
  { group: "waiting", label: "Still in progress" },
  { group: "dropped", label: "Dropped" },
] as const;

/** What each colour and pattern of the funnel chart means, grouped into done, in progress and dropped. */
export function FunnelLegend({ series }: { series: FunnelSeries[] }) {
  return (
    <div className="flex flex-wrap gap-x-6 gap-y-3 text-sm text-slate-700">
      {GROUPS.map(({ group, label }) => (
        <div key={group}>
          <p className="font-medium text-slate-900">{label}</p>
          <ul className="mt-1 flex flex-wrap gap-x-4 gap-y-1">
            {series
              .filter((s) => s.group === group)
              .map((s) => (
                <li key={s.key} className="flex items-center gap-1.5">
                  <SeriesSwatch seriesKey={s.key} />
                  {s.label}
                </li>
              ))}
          </ul>
        </div>
      ))}
    </div>
  );
}
