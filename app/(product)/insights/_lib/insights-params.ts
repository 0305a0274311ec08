import { AGE_BUCKETS, type AgeBucket, type Cohort, cohortSchema, type FunnelUnit } from "@/lib/server/queries/onboarding-funnel";
import { jobTypes } from "@/lib/jobs";

// The /insights URL is the page's whole state: the unit (people, or
// organisations: ?unit=organisations), the cohort (sign-up dates), the
// step and age bucket whose stalled people are listed, and the keyset cursor
// of that list. Everything here comes from the address bar, so every value is
// checked and a bad one becomes a message, never an exception.

/** Inclusive calendar days in UTC, as they appear in the URL (YYYY-MM-DD). */
export interface CohortRange {
  from?: string;
  to?: string;
}

export interface StalledSelection {
  jobType: string;
  bucket?: AgeBucket;
  cursor?: string;
}

export interface InsightsParams {
  /** Whose onboarding the funnel counts; people unless ?unit=organisations. */
  unit: FunnelUnit;
  /** The valid part of the range, as typed: kept in every link the page makes. */
  range: CohortRange;
  /** What was typed, valid or not: the filter form shows it back. */
  typed: CohortRange;
  /** The range as the read models take it: [from 00:00 UTC, the day after `to` 00:00 UTC). */
  cohort: Cohort;
  /** Messages per field when the range cannot be used; null when it can. */
  cohortErrors: Partial<Record<keyof CohortRange, string>> | null;
  /** The step (and bucket) whose stalled people to list; null when none is picked (always for organisations). */
  stalled: StalledSelection | null;
  stalledError: string | null;
}

export type SearchParams = Record<string, string | string[] | undefined>;

const DAY_MS = 86_400_000;
const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

/** A YYYY-MM-DD day as midnight UTC; null unless it is a real calendar day ("2026-02-30" is not). */
export function parseDay(value: string): Date | null {
  if (!DATE_PATTERN.test(value)) return null;
  const date = new Date(`${value}T00:00:00.000Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value ? date : null;
}

/** The UTC calendar day of `date` as YYYY-MM-DD. */
export function formatDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

function single(value: string | string[] | undefined): string | undefined {
  // A repeated parameter (?from=a&from=b) is a hand-made URL: the first one wins.
  const first = Array.isArray(value) ? value[0] : value;
  const trimmed = first?.trim();
  return trimmed ? trimmed : undefined;
}

function shown(value: string): string {
  // Echoed back in a message: keep a pasted essay from filling the page.
  return value.length > 24 ? `${value.slice(0, 24)}…` : value;
}

/** The unit in the URL: "organisations"; anything else (or nothing) is people. */
export const UNIT_PARAM: Record<FunnelUnit, string | undefined> = { person: undefined, organisation: "organisations" };

export function parseInsightsParams(search: SearchParams): InsightsParams {
  const unit: FunnelUnit = single(search.unit) === UNIT_PARAM.organisation ? "organisation" : "person";
  const typed: CohortRange = { from: single(search.from), to: single(search.to) };
  const errors: Partial<Record<keyof CohortRange, string>> = {};
  const range: CohortRange = {};
  const days: { from?: Date; to?: Date } = {};
  for (const key of ["from", "to"] as const) {
    const value = typed[key];
    if (value === undefined) continue;
    const day = parseDay(value);
    if (!day) {
      errors[key] = `"${shown(value)}" is not a date. Use the form YYYY-MM-DD, for example 2026-03-01.`;
      continue;
    }
    range[key] = value;
    days[key] = day;
  }
  if (days.from && days.to && days.from > days.to) {
    errors.to = "The end date is before the start date. Pick an end on or after the start.";
  }
  let cohort: Cohort = {};
  if (Object.keys(errors).length === 0) {
    // The end day is included: the cohort runs up to the start of the next day.
    // The read model's own schema has the last word on what a cohort is.
    const checked = cohortSchema.safeParse({ from: days.from, to: days.to && new Date(days.to.getTime() + DAY_MS) });
    if (checked.success) cohort = Object.fromEntries(Object.entries(checked.data).filter(([, v]) => v !== undefined));
    else errors.to = checked.error.issues[0]?.message ?? "These dates do not make a range.";
  }
  const cohortErrors = Object.keys(errors).length > 0 ? errors : null;

  let stalled: StalledSelection | null = null;
  let stalledError: string | null = null;
  const step = single(search.step);
  const bucket = single(search.bucket);
  const cursor = single(search.cursor);
  // The list of people waiting is the person funnel's: an organisation's step has none.
  if (step !== undefined && unit === "person") {
    const definition = jobTypes.get(step);
    const ageBucket = AGE_BUCKETS.find((b) => b.key === bucket);
    if (definition?.onboardingStep === undefined) {
      stalledError = `"${shown(step)}" is not an onboarding step. Pick a step in the funnel table.`;
    } else if (bucket !== undefined && !ageBucket) {
      stalledError = `"${shown(bucket)}" is not an age bucket. Pick one in the funnel table.`;
    } else {
      stalled = { jobType: definition.key, ...(ageBucket ? { bucket: ageBucket.key } : {}), ...(cursor ? { cursor } : {}) };
    }
  }

  return { unit, range: cohortErrors ? {} : range, typed, cohort, cohortErrors, stalled, stalledError };
}

/**
 * A link to /insights (or the CSV export) with the given cohort and stalled
 * selection. Parameters keep one order so equal states give equal URLs.
 */
export function insightsHref(
  range: CohortRange,
  stalled?: StalledSelection | null,
  path = "/insights",
  unit: FunnelUnit = "person",
): string {
  const query = new URLSearchParams();
  const unitParam = UNIT_PARAM[unit];
  if (unitParam) query.set("unit", unitParam);
  if (range.from) query.set("from", range.from);
  if (range.to) query.set("to", range.to);
  if (stalled) {
    query.set("step", stalled.jobType);
    if (stalled.bucket) query.set("bucket", stalled.bucket);
    if (stalled.cursor) query.set("cursor", stalled.cursor);
  }
  const search = query.toString();
  return search ? `${path}?${search}` : path;
}
