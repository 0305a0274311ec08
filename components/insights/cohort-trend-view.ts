// What the insights page hands its week-by-week components: rates already
// computed and formatted on the server; the chart gets numbers, the table text.

export interface CohortTrendStep {
  key: string;
  /** "1. Verify your email address" */
  label: string;
}

export interface CohortTrendWeek {
  /** "2 Nov": the Monday the week starts. */
  label: string;
  /** "Week of 2 Nov 2026": says it all on its own (table rows). */
  longLabel: string;
  cohortSize: number;
  /** Per step in order: completed of its jobs, as a percentage 0–100 (null: no jobs), and the counts as text. */
  cells: { percent: number | null; text: string | null; counts: string }[];
}

/** Each step's line: its own colour and dash, so lines read without telling colours apart. */
export const TREND_STYLES = [
  { color: "#0072B2", dash: undefined },
  { color: "#D55E00", dash: "6 3" },
  { color: "#009E73", dash: "2 3" },
  { color: "#CC79A7", dash: "8 3 2 3" },
  { color: "#6B5B00", dash: "12 4" },
] as const;

export function trendStyle(index: number) {
  return TREND_STYLES[index % TREND_STYLES.length]!;
}
