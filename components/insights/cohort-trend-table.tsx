import { type CohortTrendStep, type CohortTrendWeek } from "./cohort-trend-view";
import { ScrollRegion } from "./scroll-region";

const cell = "whitespace-nowrap px-2 py-2 text-right tabular-nums";

/** The week-by-week numbers: the chart's text alternative. */
export function CohortTrendTable({ steps, weeks, unitLabel }: { steps: CohortTrendStep[]; weeks: CohortTrendWeek[]; unitLabel: string }) {
  return (
    <ScrollRegion label="Conversion by week table">
      <table className="w-full border-collapse text-sm">
        <caption className="sr-only">Completed of each step&apos;s jobs, by the week the cohort started</caption>
        <thead className="text-slate-700">
          <tr className="border-b border-slate-200">
            <th scope="col" className="px-2 py-2 text-left font-medium">
              Week
            </th>
            <th scope="col" className="px-2 py-2 text-right font-medium">
              {unitLabel}
            </th>
            {steps.map((step) => (
              <th key={step.key} scope="col" className="min-w-28 px-2 py-2 text-right font-medium">
                {step.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {weeks.map((week) => (
            <tr key={week.label} className="border-b border-slate-100 last:border-0">
              <th scope="row" className="px-2 py-2 text-left font-normal whitespace-nowrap">
                {week.longLabel}
              </th>
              <td className={cell}>{week.cohortSize}</td>
              {week.cells.map((c, i) => (
                <td key={steps[i]?.key ?? i} className={cell}>
                  {c.text === null ? (
                    <>
                      <span aria-hidden="true">—</span>
                      <span className="sr-only">no jobs</span>
                    </>
                  ) : (
                    <>
                      {c.text} <span className="text-xs text-slate-600">({c.counts})</span>
                    </>
                  )}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollRegion>
  );
}
