import type { AgeBucket } from "@/lib/server/queries/onboarding-funnel";

// What the insights page hands its funnel components: numbers already
// counted, text already formatted, links already built on the server, so the
// components only lay them out. (The import above is type-only: nothing of the
// server module reaches the browser.)

export type { AgeBucket };

/** One segment of a step's bar: a pending age bucket, or how the job ended. */
export type SeriesKey = AgeBucket | "completed" | "expired" | "dismissed";

export interface FunnelSeries {
  key: SeriesKey;
  /** "Waiting 1–3 days", "Completed"…: says it all on its own (legend, tooltip). */
  label: string;
  /** "1–3 days", "Completed"…: under a column group that says the rest. */
  short: string;
  /** Done, still in progress, or dropped: the legend groups by it. */
  group: "done" | "waiting" | "dropped";
}

export interface FunnelStepView {
  jobType: string;
  step: number;
  title: string;
  /** The step's onboarding jobs in the cohort: the sum of every segment. */
  total: number;
  values: Record<SeriesKey, number>;
  pendingTotal: number;
  /** Dismissible: it does not hold back the steps after it. */
  optional: boolean;
  /** Days a pending job counts as in progress. */
  windowDays: number;
  /** Pending within the step's window / past it (the pending total split by the window). */
  inProgress: number;
  stalled: number;
  /** "60%": completed of the step's own jobs; null when it has none. */
  completionRate: string | null;
  /** "60%": against the previous required step; null when there is nothing to divide by. */
  conversion: string | null;
  /** "3 h", "≈ 1.5 days"; null when nobody completed it. */
  median: string | null;
  /** The 90th percentile, formatted like the median. */
  p90: string | null;
  /** Lists everyone waiting at the step; null when nobody is. */
  stepHref: string | null;
  /** Lists the people in one age bucket; null for an empty bucket. */
  bucketHrefs: Record<AgeBucket, string | null>;
}

export function isAgeBucket(key: SeriesKey): key is AgeBucket {
  return key !== "completed" && key !== "expired" && key !== "dismissed";
}

/** "list the 1 person waiting", "list the 4 people waiting": what a step's link does, for its accessible name. */
export function listWaitingPhrase(count: number): string {
  return `list the ${count} ${count === 1 ? "person" : "people"} waiting`;
}

/** Whose onboarding the funnel shows, as the page's switch offers it. */
export interface FunnelUnitOption {
  label: string;
  href: string;
  current: boolean;
}
