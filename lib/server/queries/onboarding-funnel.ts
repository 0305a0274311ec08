import "server-only";
import { z } from "zod";
import { type Db, isPrismaTransaction, pgPoolOf, Prisma, type PrismaClient, queryRows } from "@/lib/db/client";
import { DURATION_BUCKET_BASE } from "@/lib/insights/roll-up-onboarding-funnel";
import { AppError } from "@/lib/errors";
import { jobEventsTable, jobsTable, jobTypes } from "@/lib/jobs";
import { decodeCursor, encodeCursor } from "@/lib/db/keyset-cursor";

// The onboarding funnel: per step, how many jobs are still pending and for how
// long (age buckets), and how many were completed, expired or dismissed — so
// "still in progress" and "dropped" are told apart. One aggregate query over
// the jobs of the users who signed up in the cohort; nothing is loaded into
// memory but the result rows.

export const AGE_BUCKETS = [
  { key: "lt1d", label: "Under 1 day", from: null, to: "1 day" },
  { key: "d1to3", label: "1–3 days", from: "1 day", to: "3 days" },
  { key: "d3to7", label: "3–7 days", from: "3 days", to: "7 days" },
  { key: "gt7d", label: "Over 7 days", from: "7 days", to: null },
] as const;

export type AgeBucket = (typeof AGE_BUCKETS)[number]["key"];

export const cohortSchema = z
  .object({
    from: z.coerce.date().optional(),
    to: z.coerce.date().optional(),
  })
  .refine((c) => !c.from || !c.to || c.from < c.to, { message: "The start of the range must be before its end.", path: ["to"] });

/** Users who signed up in [from, to). Either end may be open. */
export type Cohort = z.output<typeof cohortSchema>;

/**
 * Whose onboarding: a person's own steps (jobs about the user, `onboardingStep`)
 * or an organisation's (jobs about the organisation, `organisationStep`). The
 * cohort is who signed up, or which organisations were made, in the range.
 */
export const FUNNEL_UNITS = ["person", "organisation"] as const;
export type FunnelUnit = (typeof FUNNEL_UNITS)[number];

export interface FunnelOptions {
  unit?: FunnelUnit;
  /**
   * The moment pending jobs are judged at (age buckets, windows, expiry);
   * default the database's clock. For tests: a window's edge, exactly.
   */
  now?: Date;
}

/** A step as the funnel sees it (from the registry). */
export interface FunnelStepDefinition {
  key: string;
  title: string;
  step: number;
  /** A dismissible step: it never holds back the steps after it in conversion. */
  optional: boolean;
  /** Days a pending job counts as in progress; after that, stalled. */
  windowDays: number;
}

export const DEFAULT_WINDOW_DAYS = 7;

/** The unit's onboarding steps in order; retired ones are still counted while they have jobs. */
export function funnelStepDefinitions(unit: FunnelUnit): FunnelStepDefinition[] {
  const defs =
    unit === "person"
      ? jobTypes.onboardingSteps().map((d) => ({ def: d, step: d.onboardingStep }))
      : jobTypes.organisationSteps().map((d) => ({ def: d, step: d.organisationStep }));
  return defs.map(({ def, step }) => ({
    key: def.key,
    title: def.title,
    step,
    optional: def.dismissible === true,
    windowDays: def.windowDays ?? DEFAULT_WINDOW_DAYS,
  }));
}

/** What differs between the units in SQL: written as literals (never input), so the partial indexes' predicates match. */
export function unitSql(unit: FunnelUnit) {
  return unit === "person"
    ? { targetType: Prisma.raw(`'user'`), table: Prisma.raw("users"), members: Prisma.sql`AND u.role = 'user'` }
    : { targetType: Prisma.raw(`'organisation'`), table: Prisma.raw("organisations"), members: Prisma.empty };
}

/** The moment as SQL: the database's clock, or the one given. */
export function nowSql(now: Date | undefined): Prisma.Sql {
  return now ? Prisma.sql`${now}::timestamptz` : Prisma.sql`now()`;
}

/** Each step's window as an interval, by job type (alias j). */
function windowSql(steps: FunnelStepDefinition[]): Prisma.Sql {
  if (steps.length === 0) return Prisma.sql`interval '0 days'`;
  return Prisma.sql`CASE j.job_type ${Prisma.join(
    steps.map((s) => Prisma.sql`WHEN ${s.key} THEN ${s.windowDays}::int * interval '1 day'`),
    " ",
  )} END`;
}

export interface FunnelStep {
  jobType: string;
  title: string;
  step: number;
  optional: boolean;
  windowDays: number;
  /**
   * Onboarding jobs of this step for the cohort: the step's own population,
   * those for whom it was requested (a step added later was requested only
   * for those still onboarding then).
   */
  total: number;
  pending: Record<AgeBucket, number>;
  /** Pending, requested less than the step's window ago. */
  inProgress: number;
  /** Pending past the step's window (not expired). Snoozed jobs are pending too: in progress or stalled, never dropped. */
  stalled: number;
  completed: number;
  expired: number;
  dismissed: number;
  /** Completed ÷ the step's own population (total). Null when it is empty. */
  completionRate: number | null;
  /**
   * This step's completion rate ÷ the previous required (not optional) step's:
   * with equal populations, completed here ÷ completed there; a step added
   * later is compared on its own population. The first required step (and an
   * optional step before any required one): its completion rate. Null when
   * there is nothing to divide by.
   */
  conversion: number | null;
  /** Median time from request to completion, in seconds; null when none completed. */
  medianSecondsToComplete: number | null;
  /** 90th percentile of the same; null when none completed. */
  p90SecondsToComplete: number | null;
}

export interface Funnel {
  unit: FunnelUnit;
  cohortSize: number;
  steps: FunnelStep[];
  /**
   * How close the medians are: null when exact, else the relative error bound
   * (0.05: within 5%). Medians of rolled-up history come from a histogram of
   * 10%-wide buckets; every count is exact either way.
   */
  medianPrecision: number | null;
}

function cohortCondition(cohort: Cohort): Prisma.Sql {
  return Prisma.sql`${cohort.from ? Prisma.sql`AND u.created_at >= ${cohort.from}::timestamptz` : Prisma.empty}
    ${cohort.to ? Prisma.sql`AND u.created_at < ${cohort.to}::timestamptz` : Prisma.empty}`;
}

function pendingAt(now: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`(j.status = 'pending' AND (j.expires_at IS NULL OR j.expires_at > ${now}))`;
}

function bucketCondition(bucket: (typeof AGE_BUCKETS)[number], now: Prisma.Sql = Prisma.sql`now()`): Prisma.Sql {
  return Prisma.sql`${bucket.from ? Prisma.sql`AND j.created_at <= ${now} - ${bucket.from}::interval` : Prisma.empty}
    ${bucket.to ? Prisma.sql`AND j.created_at > ${now} - ${bucket.to}::interval` : Prisma.empty}`;
}

/**
 * The onboarding funnel for a cohort (people who signed up, or organisations
 * made, in [from, to)). Cohorts of whole UTC days (the page's presets,
 * everyone) are read from the maintained summary: finished history rolled up
 * by the worker (lib/insights/roll-up-onboarding-funnel.ts), terminal events
 * past its watermark and the pending jobs read live, all in one snapshot. Any
 * other cohort is the live aggregate. Counts are exact either way.
 */
export async function onboardingFunnel(db: Db, cohort: Cohort = {}, options: FunnelOptions = {}): Promise<Funnel> {
  if (!wholeUtcDay(cohort.from) || !wholeUtcDay(cohort.to)) return liveOnboardingFunnel(db, cohort, options);
  const unit = options.unit ?? "person";
  const steps = funnelStepDefinitions(unit);
  const rows = await inSnapshot(db, async (query) => {
    const watermark = await readWatermark(query);
    return query<SummaryRow>(summarySql(unit, steps, cohort, watermark, nowSql(options.now)));
  });
  const cohortSize = await countCohort(db, unit, cohort);
  const approximate = rows.some((r) => r.medianApproximate);
  return { unit, cohortSize, steps: toSteps(steps, rows), medianPrecision: approximate ? MEDIAN_PRECISION : null };
}

const wholeUtcDay = (date: Date | undefined) => !date || date.getTime() % 86_400_000 === 0;

/** Half a 10% bucket: the median reported is the bucket's geometric middle. */
const MEDIAN_PRECISION = 0.05;

type StepRow = {
  jobType: string;
  total: number;
  completed: number;
  expired: number;
  dismissed: number;
  inProgress: number;
  medianSeconds: number | null;
  p90Seconds: number | null;
} & Record<AgeBucket, number>;

type SummaryRow = StepRow & { medianApproximate: boolean };

export type RawQuery = <T>(sql: Prisma.Sql) => Promise<T[]>;

/** The summary's watermark: every terminal event up to it is rolled up. */
export async function readWatermark(query: RawQuery): Promise<string> {
  const [mark] = await query<{ wm: string }>(
    Prisma.sql`SELECT coalesce(max(last_event_id), 0)::text AS wm FROM onboarding_funnel_watermark`,
  );
  return mark?.wm ?? "0";
}

/**
 * Runs `fn`'s statements in one snapshot (REPEATABLE READ, read only), so the
 * watermark and the summary it describes are read as of one moment: a roll-up
 * committing in between can neither be missed nor counted twice.
 */
export async function inSnapshot<T>(db: Db, fn: (query: RawQuery) => Promise<T>): Promise<T> {
  const pool = pgPoolOf(db);
  if (pool) {
    const client = await pool.connect();
    try {
      await client.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
      const result = await fn(async <R>(sql: Prisma.Sql) => (await client.query(sql.text, sql.values)).rows as R[]);
      await client.query("COMMIT");
      client.release();
      return result;
    } catch (error) {
      client.release(true);
      throw error;
    }
  }
  // A transaction already (the caller's snapshot rules), or a client without a pool under it.
  if (isPrismaTransaction(db)) return fn(<R>(sql: Prisma.Sql) => (db as Prisma.TransactionClient).$queryRaw<R[]>(sql));
  return (db as PrismaClient).$transaction((tx) => fn(<R>(sql: Prisma.Sql) => tx.$queryRaw<R[]>(sql)), {
    isolationLevel: "RepeatableRead",
  });
}

export const TERMINAL_KINDS = Prisma.sql`('completed', 'cancelled', 'expired')`;

/** The summary's days of a cohort (signup_day: the person's sign-up or the organisation's making, UTC). */
export function dayRange(cohort: Cohort): Prisma.Sql {
  const anyCohort = Boolean(cohort.from || cohort.to);
  return Prisma.sql`${cohort.from ? Prisma.sql`AND signup_day >= ${cohort.from}::date` : Prisma.empty}
    ${cohort.to ? Prisma.sql`AND signup_day < ${cohort.to}::date` : Prisma.empty}
    ${anyCohort ? Prisma.sql`AND signup_day > '-infinity'::date` : Prisma.empty}`;
}

/**
 * The pending jobs of the unit's steps (alias j: job_type, created_at,
 * expires_at), for a cohort or everyone; the caller adds its columns and
 * GROUP BY.
 */
export function pendingFrom(unit: FunnelUnit, steps: string[], cohort: Cohort): Prisma.Sql {
  const u = unitSql(unit);
  return cohort.from || cohort.to
    ? // From the cohort's people (organisations) to their pending jobs: for people index-only on
      // jobs_pending_by_person_idx, for organisations probes of jobs_one_pending_per_target.
      // OFFSET 0 keeps the subquery per person: the planner otherwise hashes every pending job (2-4x slower).
      Prisma.sql`${u.table} u CROSS JOIN LATERAL (
          SELECT p.job_type, p.created_at, p.expires_at FROM ${jobsTable} p
          WHERE p.target_id = u.id::text AND p.status = 'pending' AND p.target_type = ${u.targetType} AND p.job_type = ANY(${steps}::text[]) OFFSET 0
        ) j WHERE true ${cohortCondition(cohort)}`
    : // Everyone: people index-only on jobs_user_jobs_funnel_idx, no join.
      Prisma.sql`${jobsTable} j WHERE j.status = 'pending' AND j.target_type = ${u.targetType} AND j.job_type = ANY(${steps}::text[])`;
}

/**
 * A percentile from the histogram (cumulative counts `upto` of `total` per
 * job type, buckets' middles `mid`), as percentile_cont does it: between the
 * values at positions floor and ceil of (n-1)·p, each its bucket's middle.
 */
function bucketPercentile(p: number): Prisma.Sql {
  const pos = Prisma.sql`((total - 1) * ${p}::float8)`;
  return Prisma.sql`(min(mid) FILTER (WHERE upto > floor(${pos}))
      + (max(${pos}) - floor(max(${pos}))) * (min(mid) FILTER (WHERE upto > ceil(${pos})) - min(mid) FILTER (WHERE upto > floor(${pos}))))`;
}

function summarySql(unit: FunnelUnit, defs: FunnelStepDefinition[], cohort: Cohort, watermark: string, now: Prisma.Sql): Prisma.Sql {
  const steps = defs.map((s) => s.key);
  const u = unitSql(unit);
  const anyCohort = Boolean(cohort.from || cohort.to);
  const days = dayRange(cohort);
  // Everyone: no join (the live aggregate counts a job whose person is gone too). A cohort joins its people.
  const people = anyCohort ? Prisma.sql`JOIN ${u.table} u ON u.id::text = j.target_id ${cohortCondition(cohort)}` : Prisma.empty;
  const notExpired = Prisma.sql`(j.expires_at IS NULL OR j.expires_at > ${now})`;
  const notLive = (bucket: (typeof AGE_BUCKETS)[number]) =>
    Prisma.sql`count(*) FILTER (WHERE ${notExpired} ${bucketCondition(bucket, now)})::int`;
  return Prisma.sql`
    WITH steps AS (SELECT unnest(${steps}::text[]) AS job_type),
    rolled AS (
      SELECT job_type, sum(completed)::int AS completed, sum(expired)::int AS expired, sum(dismissed)::int AS dismissed
      FROM onboarding_funnel_days WHERE job_type = ANY(${steps}::text[]) ${days} GROUP BY job_type
    ), recent AS (
      SELECT j.job_type, e.kind, extract(epoch FROM j.completed_at - j.created_at) AS secs
      FROM ${jobEventsTable} e JOIN ${jobsTable} j ON j.id = e.job_id ${people}
      WHERE e.id > ${watermark}::bigint AND e.kind IN ${TERMINAL_KINDS} AND j.target_type = ${u.targetType} AND j.job_type = ANY(${steps}::text[])
    ), recent_counts AS (
      SELECT job_type, count(*) FILTER (WHERE kind = 'completed')::int AS completed, count(*) FILTER (WHERE kind = 'expired')::int AS expired,
             count(*) FILTER (WHERE kind = 'cancelled')::int AS dismissed
      FROM recent GROUP BY job_type
    ), pending AS (
      SELECT j.job_type, count(*) FILTER (WHERE ${notExpired})::int AS pending,
             count(*) FILTER (WHERE j.expires_at <= ${now})::int AS expired_unswept,
             count(*) FILTER (WHERE ${notExpired} AND j.created_at > ${now} - ${windowSql(defs)})::int AS in_progress,
             ${Prisma.join(
               AGE_BUCKETS.map((b) => Prisma.sql`${notLive(b)} AS ${Prisma.raw(`"${b.key}"`)}`),
               ", ",
             )}
      FROM ${pendingFrom(unit, steps, cohort)}
      GROUP BY j.job_type
    ), rolled_hist AS (
      SELECT job_type, bucket, sum(n)::bigint AS n FROM onboarding_funnel_durations WHERE job_type = ANY(${steps}::text[]) ${days} GROUP BY 1, 2
    ), hist AS (
      SELECT job_type, bucket, sum(n) AS n FROM (
        SELECT job_type, bucket, n FROM rolled_hist
        UNION ALL SELECT job_type, floor(ln(greatest(secs, 1)) / ln(${DURATION_BUCKET_BASE}))::smallint, 1 FROM recent WHERE kind = 'completed'
      ) x GROUP BY 1, 2
    ), cumulative AS (
      SELECT job_type, bucket, sum(n) OVER (PARTITION BY job_type ORDER BY bucket) AS upto, sum(n) OVER (PARTITION BY job_type) AS total FROM hist
    ), bucket_percentiles AS (
      SELECT job_type, ${bucketPercentile(0.5)} AS median, ${bucketPercentile(0.9)} AS p90
      FROM (SELECT job_type, power(${DURATION_BUCKET_BASE}::float8, bucket + 0.5) AS mid, upto, total FROM cumulative) c
      GROUP BY job_type
    ), exact_percentiles AS (
      -- Nothing of this cohort rolled up yet: every completion is at hand, so the percentiles are exact.
      SELECT job_type, percentile_cont(0.5) WITHIN GROUP (ORDER BY secs) AS median, percentile_cont(0.9) WITHIN GROUP (ORDER BY secs) AS p90
      FROM recent WHERE kind = 'completed' GROUP BY job_type
    ), approximate AS (
      SELECT s.job_type, EXISTS (SELECT 1 FROM rolled_hist h WHERE h.job_type = s.job_type) AS yes FROM steps s
    )
    SELECT s.job_type AS "jobType",
           (coalesce(r.completed, 0) + coalesce(rc.completed, 0))::int AS completed,
           (coalesce(r.expired, 0) + coalesce(rc.expired, 0) + coalesce(p.expired_unswept, 0))::int AS expired,
           (coalesce(r.dismissed, 0) + coalesce(rc.dismissed, 0))::int AS dismissed,
           (coalesce(r.completed, 0) + coalesce(rc.completed, 0) + coalesce(r.expired, 0) + coalesce(rc.expired, 0)
             + coalesce(r.dismissed, 0) + coalesce(rc.dismissed, 0) + coalesce(p.pending, 0) + coalesce(p.expired_unswept, 0))::int AS total,
           coalesce(p.in_progress, 0) AS "inProgress",
           ${Prisma.join(
             AGE_BUCKETS.map((b) => Prisma.sql`coalesce(p.${Prisma.raw(`"${b.key}"`)}, 0) AS ${Prisma.raw(`"${b.key}"`)}`),
             ", ",
           )},
           CASE WHEN a.yes THEN bp.median ELSE ep.median END AS "medianSeconds",
           CASE WHEN a.yes THEN bp.p90 ELSE ep.p90 END AS "p90Seconds",
           a.yes AS "medianApproximate"
    FROM steps s JOIN approximate a USING (job_type)
    LEFT JOIN rolled r USING (job_type) LEFT JOIN recent_counts rc USING (job_type) LEFT JOIN pending p USING (job_type)
    LEFT JOIN bucket_percentiles bp USING (job_type) LEFT JOIN exact_percentiles ep USING (job_type)`;
}

/** How many people (organisations) are in the cohort. */
export async function countCohort(db: Db, unit: FunnelUnit, cohort: Cohort): Promise<number> {
  const u = unitSql(unit);
  const [row] = await queryRows<{ cohortSize: number }>(
    db,
    Prisma.sql`SELECT count(*)::int AS "cohortSize" FROM ${u.table} u WHERE true ${u.members} ${cohortCondition(cohort)}`,
  );
  return row?.cohortSize ?? 0;
}

const seconds = (value: number | string | null | undefined) => (value === null || value === undefined ? null : Number(value));

/** Rates and conversion from the counts; see FunnelStep for what each means. */
export function toSteps(steps: FunnelStepDefinition[], rows: Omit<StepRow, "medianApproximate">[]): FunnelStep[] {
  const byType = new Map(rows.map((r) => [r.jobType, r]));
  let previous: { completed: number; total: number } | undefined; // the last required step so far
  return steps.map((def) => {
    const row = byType.get(def.key);
    const total = row?.total ?? 0;
    const completed = row?.completed ?? 0;
    const pending = Object.fromEntries(AGE_BUCKETS.map((b) => [b.key, row?.[b.key] ?? 0])) as Record<AgeBucket, number>;
    const pendingTotal = AGE_BUCKETS.reduce((sum, b) => sum + pending[b.key], 0);
    const inProgress = row?.inProgress ?? 0;
    const completionRate = total > 0 ? completed / total : null;
    // Rate ÷ rate, multiplied out (completed × its total ÷ (total × its completed)): equal populations give completed ÷ completed exactly.
    const conversion = !previous
      ? completionRate
      : total === 0 || previous.completed === 0
        ? null
        : (completed * previous.total) / (total * previous.completed);
    // An optional step never becomes the base of the steps after it.
    if (!def.optional) previous = { completed, total };
    return {
      jobType: def.key,
      title: def.title,
      step: def.step,
      optional: def.optional,
      windowDays: def.windowDays,
      total,
      pending,
      inProgress,
      stalled: pendingTotal - inProgress,
      completed,
      expired: row?.expired ?? 0,
      dismissed: row?.dismissed ?? 0,
      completionRate,
      conversion,
      medianSecondsToComplete: seconds(row?.medianSeconds),
      p90SecondsToComplete: seconds(row?.p90Seconds),
    };
  });
}

/** The funnel as one aggregate over the jobs (exact percentiles; ~0.3 s over a million jobs): cohorts that are not whole days, and the summary's check. */
export async function liveOnboardingFunnel(db: Db, cohort: Cohort = {}, options: FunnelOptions = {}): Promise<Funnel> {
  const unit = options.unit ?? "person";
  const u = unitSql(unit);
  const steps = funnelStepDefinitions(unit);
  const now = nowSql(options.now);
  const pending = pendingAt(now);
  const durations = Prisma.sql`extract(epoch FROM j.completed_at - j.created_at)`;
  const rows = await queryRows<StepRow>(
    db,
    Prisma.sql`
    SELECT j.job_type AS "jobType",
           count(*)::int AS total,
           ${Prisma.join(
             AGE_BUCKETS.map(
               (b) => Prisma.sql`count(*) FILTER (WHERE ${pending} ${bucketCondition(b, now)})::int AS ${Prisma.raw(`"${b.key}"`)}`,
             ),
             ",\n           ",
           )},
           count(*) FILTER (WHERE ${pending} AND j.created_at > ${now} - ${windowSql(steps)})::int AS "inProgress",
           count(*) FILTER (WHERE j.status = 'completed')::int AS completed,
           count(*) FILTER (WHERE j.status = 'expired' OR (j.status = 'pending' AND j.expires_at <= ${now}))::int AS expired,
           count(*) FILTER (WHERE j.status = 'cancelled')::int AS dismissed,
           percentile_cont(0.5) WITHIN GROUP (ORDER BY ${durations}) FILTER (WHERE j.status = 'completed') AS "medianSeconds",
           percentile_cont(0.9) WITHIN GROUP (ORDER BY ${durations}) FILTER (WHERE j.status = 'completed') AS "p90Seconds"
    FROM ${jobsTable} j
    ${
      // Everyone: no join, so the aggregate is one index-only pass over
      // jobs_user_jobs_funnel_idx. A cohort joins the people who signed up in it.
      cohort.from || cohort.to ? Prisma.sql`JOIN ${u.table} u ON j.target_id = u.id::text` : Prisma.empty
    }
    WHERE j.target_type = ${u.targetType}
      AND j.job_type IN (${Prisma.join(steps.map((s) => s.key))})
      ${cohortCondition(cohort)}
    GROUP BY j.job_type`,
  );
  return { unit, cohortSize: await countCohort(db, unit, cohort), steps: toSteps(steps, rows), medianPrecision: null };
}

export const stalledQuerySchema = z.object({
  jobType: z.string().refine((key) => jobTypes.get(key)?.onboardingStep !== undefined, "Pick an onboarding step."),
  bucket: z.enum(AGE_BUCKETS.map((b) => b.key) as [AgeBucket, ...AgeBucket[]]).optional(),
  cursor: z.string().max(200).optional(),
});

export type StalledQuery = z.output<typeof stalledQuerySchema>;

export interface StalledUser {
  jobId: string;
  userId: string;
  name: string | null;
  email: string;
  signedUpAt: Date;
  /** When the step's job was requested: how long it has been pending. */
  pendingSince: Date;
  expiresAt: Date | null;
}

/**
 * The users stalled at a step (optionally in one age bucket), longest-waiting
 * first, keyset-paged. `limit` may be raised for the CSV export.
 */
export async function stalledUsers(
  db: Db,
  query: StalledQuery,
  cohort: Cohort = {},
  limit = 50,
): Promise<{ rows: StalledUser[]; nextCursor: string | null }> {
  const parsed = stalledQuerySchema.safeParse(query);
  if (!parsed.success) throw new AppError("invalid_input", parsed.error.issues[0]?.message ?? "Pick an onboarding step.");
  const bucket = AGE_BUCKETS.find((b) => b.key === parsed.data.bucket);
  const after = parsed.data.cursor ? decodeCursor(parsed.data.cursor) : null;
  const rows = await db.$queryRaw<(StalledUser & { createdAt: Date; id: string })[]>`
    SELECT j.id AS "jobId", j.id, u.id AS "userId", u.name, u.email, u.created_at AS "signedUpAt",
           j.created_at AS "pendingSince", j.created_at AS "createdAt", j.expires_at AS "expiresAt"
    FROM ${jobsTable} j
    JOIN users u ON j.target_id = u.id::text
    WHERE j.target_type = 'user' AND j.job_type = ${parsed.data.jobType}
      AND ${pendingAt(Prisma.sql`now()`)}
      ${bucket ? bucketCondition(bucket) : Prisma.empty}
      ${cohortCondition(cohort)}
      ${after ? Prisma.sql`AND (j.created_at, j.id) > (${after.createdAt}::timestamptz, ${after.id}::uuid)` : Prisma.empty}
    ORDER BY j.created_at, j.id
    LIMIT ${limit + 1}`;
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    rows: page.map(({ createdAt: _createdAt, id: _id, ...row }) => row),
    nextCursor: rows.length > limit && last ? encodeCursor(last) : null,
  };
}
