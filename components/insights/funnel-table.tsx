import Link from "next/link";
import { cn } from "@/components/ui/cn";
import { SeriesSwatch } from "./funnel-patterns";
import { type AgeBucket, type FunnelSeries, type FunnelStepView, listWaitingPhrase } from "./funnel-view";
import { ScrollRegion } from "./scroll-region";

export interface FunnelTableProps {
  steps: FunnelStepView[];
  /** "Onboarding jobs per step" or "Organisation onboarding jobs per step". */
  title?: string;
  series: FunnelSeries[];
  /** Says whose numbers these are ("people who signed up from … to …"). */
  cohortLabel: string;
  /** The step (and bucket) whose list is open, marked as current. */
  selected: { jobType: string; bucket?: AgeBucket } | null;
}

const cell = "whitespace-nowrap px-2 py-2 text-right tabular-nums";
const link = "rounded font-medium text-indigo-700 underline underline-offset-2 hover:text-indigo-900";

function SeriesHeader({ series }: { series: FunnelSeries }) {
  return (
    <th scope="col" className="px-2 py-2 text-right font-medium">
      <span className="inline-flex flex-col items-end gap-1">
        <SeriesSwatch seriesKey={series.key} className="size-3" />
        {series.short}
      </span>
    </th>
  );
}

function Missing({ why }: { why: string }) {
  return (
    <>
      <span aria-hidden="true">—</span>
      <span className="sr-only">{why}</span>
    </>
  );
}

/**
 * The funnel's numbers as a table: what screen readers use instead of the
 * chart, and where a keyboard opens the list of people waiting at a step or
 * in an age bucket.
 */
export function FunnelTable({ steps, series, cohortLabel, selected, title = "Onboarding jobs per step" }: FunnelTableProps) {
  const waiting = series.filter((s) => s.group === "waiting");
  const dropped = series.filter((s) => s.group === "dropped");
  const completed = series.find((s) => s.key === "completed");
  const descriptionId = "funnel-table-description";
  return (
    <div>
      <h3 className="mb-2 font-medium text-slate-900">
        {title}, {cohortLabel}
      </h3>
      <ScrollRegion label="Onboarding funnel table">
        <p id={descriptionId} className="sr-only">
          Waiting jobs by how long they have waited, and split by the step&apos;s window into in progress and stalled; then completed,
          expired and dismissed jobs; completed of the step&apos;s own jobs; conversion from the previous required step (optional steps are
          skipped; the first step: its own completion); the median and 90th percentile time to complete. Numbers that are links list those
          people.
        </p>
        <table className="w-full border-collapse text-sm" aria-describedby={descriptionId}>
          {/* The visible title is the heading above: a caption would scroll away sideways with the table on a phone. */}
          <caption className="sr-only">
            {title}, {cohortLabel}
          </caption>
          <colgroup>
            <col />
            <col />
          </colgroup>
          <colgroup span={waiting.length} />
          <colgroup span={2} />
          <colgroup span={1} />
          <colgroup span={dropped.length} />
          <colgroup span={2} />
          <colgroup span={2} />
          <thead className="text-slate-700">
            <tr className="border-b border-slate-200">
              <th scope="col" rowSpan={2} className="px-2 py-2 text-left align-bottom font-medium">
                Step
              </th>
              <th scope="col" rowSpan={2} className="px-2 py-2 text-right align-bottom font-medium">
                Jobs
              </th>
              <th scope="colgroup" colSpan={waiting.length} className="border-x border-slate-200 px-2 py-1 text-center font-medium">
                Still pending, by how long they have waited
              </th>
              <th scope="colgroup" colSpan={2} className="border-x border-slate-200 px-2 py-1 text-center font-medium">
                By the step&apos;s window
              </th>
              <th scope="col" rowSpan={2} className="px-2 py-2 text-right align-bottom font-medium">
                <span className="inline-flex flex-col items-end gap-1">
                  <SeriesSwatch seriesKey="completed" className="size-3" />
                  {completed?.short ?? "Completed"}
                </span>
              </th>
              <th scope="colgroup" colSpan={dropped.length} className="border-x border-slate-200 px-2 py-1 text-center font-medium">
                Dropped
              </th>
              <th scope="col" rowSpan={2} className="px-2 py-2 text-right align-bottom font-medium">
                Completed of its jobs
              </th>
              <th scope="col" rowSpan={2} className="px-2 py-2 text-right align-bottom font-medium">
                Conversion from previous required step
              </th>
              <th scope="colgroup" colSpan={2} className="border-x border-slate-200 px-2 py-1 text-center font-medium">
                Time to complete
              </th>
            </tr>
            <tr className="border-b border-slate-200">
              {waiting.map((s) => (
                <SeriesHeader key={s.key} series={s} />
              ))}
              <th scope="col" className="px-2 py-2 text-right font-medium">
                In progress
              </th>
              <th scope="col" className="px-2 py-2 text-right font-medium">
                Stalled
              </th>
              {dropped.map((s) => (
                <SeriesHeader key={s.key} series={s} />
              ))}
              <th scope="col" className="px-2 py-2 text-right font-medium">
                Median
              </th>
              <th scope="col" className="px-2 py-2 text-right font-medium">
                90th percentile
              </th>
            </tr>
          </thead>
          <tbody>
            {steps.map((step) => {
              const stepSelected = selected?.jobType === step.jobType;
              return (
                <tr key={step.jobType} className="border-b border-slate-100 last:border-0">
                  <th
                    scope="row"
                    className={cn("min-w-40 px-2 py-2 text-left font-normal", stepSelected && !selected?.bucket && "bg-indigo-50")}
                  >
                    {step.stepHref ? (
                      <Link href={step.stepHref} className={link} aria-current={stepSelected && !selected?.bucket ? "true" : undefined}>
                        {step.step}. {step.title}
                        <span className="sr-only">: {listWaitingPhrase(step.pendingTotal)}</span>
                      </Link>
                    ) : (
                      <>
                        {step.step}. {step.title}
                      </>
                    )}
                    <span className="block text-xs text-slate-600">
                      {step.optional ? "Optional · " : ""}
                      {step.windowDays}-day window
                    </span>
                  </th>
                  <td className={cell}>{step.total}</td>
                  {waiting.map((s) => {
                    const bucket = s.key as AgeBucket;
                    const href = step.bucketHrefs[bucket];
                    const current = stepSelected && selected?.bucket === bucket;
                    return (
                      <td key={s.key} className={cn(cell, current && "bg-indigo-50")}>
                        {href ? (
                          <Link href={href} className={link} aria-current={current ? "true" : undefined}>
                            {step.values[bucket]}
                            <span className="sr-only">
                              {" "}
                              {s.label.toLowerCase()} at step {step.step}
                            </span>
                          </Link>
                        ) : (
                          step.values[bucket]
                        )}
                      </td>
                    );
                  })}
                  <td className={cell}>{step.inProgress}</td>
                  <td className={cell}>{step.stalled}</td>
                  <td className={cell}>{step.values.completed}</td>
                  {dropped.map((s) => (
                    <td key={s.key} className={cell}>
                      {step.values[s.key]}
                    </td>
                  ))}
                  <td className={cell}>{step.completionRate ?? <Missing why="not applicable: no jobs" />}</td>
                  <td className={cell}>{step.conversion ?? <Missing why="not applicable: nothing to compare with" />}</td>
                  <td className={cell}>{step.median ?? <Missing why="none completed yet" />}</td>
                  <td className={cell}>{step.p90 ?? <Missing why="none completed yet" />}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </ScrollRegion>
    </div>
  );
}
