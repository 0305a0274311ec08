import "server-only";
import { z } from "zod";
import { type Db, pgPoolOf, Prisma, type PrismaClient, queryRows } from "@/lib/db/client";
import { DURATION_BUCKET_BASE } from "@/lib/insights/roll-up-onboarding-funnel";
import { AppError } from "@/lib/errors";
import { expiredNow, jobEventsTable, jobsTable, jobTypes, pendingNow } from "@/lib/jobs";
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

export interface FunnelStep {
  jobType: string;
  title: string;
  step: number;
  /** Onboarding jobs of this step for the cohort. */
  total: number;
  pending: Record<AgeBucket, number>;
  completed: number;
  expired: number;
  dismissed: number;
  /** Completed here ÷ completed at the previous step (step 1: ÷ its total). Null when there is nothing to divide by. */
  conversion: number | null;
  /** Median time from request to completion, in seconds; null when none completed. */
  medianSecondsToComplete: number | null;
}

export interface Funnel {
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

const PENDING = pendingNow("j");

function bucketCondition(bucket: (typeof AGE_BUCKETS)[number]): Prisma.Sql {
  return Prisma.sql`${bucket.from ? Prisma.sql`AND j.created_at <= now() - ${bucket.from}::interval` : Prisma.empty}
    ${bucket.to ? Prisma.sql`AND j.created_at > now() - ${bucket.to}::interval` : Prisma.empty}`;
}

/**
 * The onboarding funnel for a cohort (people who signed up in [from, to)).
 * Cohorts of whole UTC days (the page's presets, everyone) are read from the
 * maintained summary: finished history rolled up by the worker
 * (lib/insights/roll-up-onboarding-funnel.ts), terminal events past its
 * watermark and the pending jobs read live, all in one snapshot. Any other
 * cohort is the live aggregate. Counts are exact either way.
 */
export async function onboardingFunnel(db: Db, cohort: Cohort = {}): Promise<Funnel> {
  if (!wholeUtcDay(cohort.from) || !wholeUtcDay(cohort.to)) return liveOnboardingFunnel(db, cohort);
  const steps = jobTypes.onboardingSteps();
  const rows = await inSnapshot(db, async (query) => {
    const [mark] = await query<{ wm: string }>(
      Prisma.sql`SELECT coalesce(max(last_event_id), 0)::text AS wm FROM onboarding_funnel_watermark`,
    );
    return query<SummaryRow>(
      summarySql(
        steps.map((s) => s.key),
        cohort,
        mark?.wm ?? "0",
      ),
    );
  });
  const cohortSize = await countCohort(db, cohort);
  const approximate = rows.some((r) => r.medianApproximate);
  return { cohortSize, steps: toSteps(steps, rows), medianPrecision: approximate ? MEDIAN_PRECISION : null };
}

const wholeUtcDay = (date: Date | undefined) => !date || date.getTime() % 86_400_000 === 0;

/** Half a 10% bucket: the median reported is the bucket's geometric middle. */
const MEDIAN_PRECISION = 0.05;

type SummaryRow = {
  jobType: string;
  total: number;
  completed: number;
  expired: number;
  dismissed: number;
  medianSeconds: number | null;
  medianApproximate: boolean;
} & Record<AgeBucket, number>;

type RawQuery = <T>(sql: Prisma.Sql) => Promise<T[]>;

/**
 * Runs `fn`'s statements in one snapshot (REPEATABLE READ, read only), so the
 * watermark and the summary it describes are read as of one moment: a roll-up
 * committing in between can neither be missed nor counted twice.
 */
async function inSnapshot<T>(db: Db, fn: (query: RawQuery) => Promise<T>): Promise<T> {
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
  if (!("$transaction" in db)) return fn(<R>(sql: Prisma.Sql) => (db as Prisma.TransactionClient).$queryRaw<R[]>(sql));
  return (db as PrismaClient).$transaction((tx) => fn(<R>(sql: Prisma.Sql) => tx.$queryRaw<R[]>(sql)), {
    isolationLevel: "RepeatableRead",
  });
}

const TERMINAL = Prisma.sql`('completed', 'cancelled', 'expired')`;

function summarySql(steps: string[], cohort: Cohort, watermark: string): Prisma.Sql {
  const anyCohort = Boolean(cohort.from || cohort.to);
  const dayRange = Prisma.sql`${cohort.from ? Prisma.sql`AND signup_day >= ${cohort.from}::date` : Prisma.empty}
    ${cohort.to ? Prisma.sql`AND signup_day < ${cohort.to}::date` : Prisma.empty}
    ${anyCohort ? Prisma.sql`AND signup_day > '-infinity'::date` : Prisma.empty}`;
  // Everyone: no join (the live aggregate counts a job whose person is gone too). A cohort joins its people.
  const people = anyCohort ? Prisma.sql`JOIN users u ON u.id::text = j.target_id ${cohortCondition(cohort)}` : Prisma.empty;
  const notLive = (bucket: (typeof AGE_BUCKETS)[number]) =>
    Prisma.sql`count(*) FILTER (WHERE (j.expires_at IS NULL OR j.expires_at > now()) ${bucketCondition(bucket)})::int`;
  return Prisma.sql`
    WITH steps AS (SELECT unnest(${steps}::text[]) AS job_type),
    rolled AS (
      SELECT job_type, sum(completed)::int AS completed, sum(expired)::int AS expired, sum(dismissed)::int AS dismissed
      FROM onboarding_funnel_days WHERE job_type = ANY(${steps}::text[]) ${dayRange} GROUP BY job_type
    ), recent AS (
      SELECT j.job_type, e.kind, extract(epoch FROM j.completed_at - j.created_at) AS secs
      FROM ${jobEventsTable} e JOIN ${jobsTable} j ON j.id = e.job_id ${people}
      WHERE e.id > ${watermark}::bigint AND e.kind IN ${TERMINAL} AND j.target_type = 'user' AND j.job_type = ANY(${steps}::text[])
    ), recent_counts AS (
      SELECT job_type, count(*) FILTER (WHERE kind = 'completed')::int AS completed, count(*) FILTER (WHERE kind = 'expired')::int AS expired,
             count(*) FILTER (WHERE kind = 'cancelled')::int AS dismissed
      FROM recent GROUP BY job_type
    ), pending AS (
      SELECT j.job_type, count(*) FILTER (WHERE j.expires_at IS NULL OR j.expires_at > now())::int AS pending,
             count(*) FILTER (WHERE j.expires_at <= now())::int AS expired_unswept,
             ${Prisma.join(
               AGE_BUCKETS.map((b) => Prisma.sql`${notLive(b)} AS ${Prisma.raw(`"${b.key}"`)}`),
               ", ",
             )}
      FROM ${
        anyCohort
          ? // From the cohort's people to their pending jobs, index-only on jobs_pending_by_person_idx.
            // OFFSET 0 keeps the subquery per person: the planner otherwise hashes every pending job (2-4x slower).
            Prisma.sql`users u CROSS JOIN LATERAL (
              SELECT p.job_type, p.created_at, p.expires_at FROM ${jobsTable} p
              WHERE p.target_id = u.id::text AND p.status = 'pending' AND p.target_type = 'user' AND p.job_type = ANY(${steps}::text[]) OFFSET 0
            ) j WHERE true ${cohortCondition(cohort)}`
          : // Everyone: index-only on jobs_user_jobs_funnel_idx, no join.
            Prisma.sql`${jobsTable} j WHERE j.status = 'pending' AND j.target_type = 'user' AND j.job_type = ANY(${steps}::text[])`
      }
      GROUP BY j.job_type
    ), rolled_hist AS (
      SELECT job_type, bucket, sum(n)::bigint AS n FROM onboarding_funnel_durations WHERE job_type = ANY(${steps}::text[]) ${dayRange} GROUP BY 1, 2
    ), hist AS (
      SELECT job_type, bucket, sum(n) AS n FROM (
        SELECT job_type, bucket, n FROM rolled_hist
        UNION ALL SELECT job_type, floor(ln(greatest(secs, 1)) / ln(${DURATION_BUCKET_BASE}))::smallint, 1 FROM recent WHERE kind = 'completed'
      ) x GROUP BY 1, 2
    ), cumulative AS (
      SELECT job_type, bucket, sum(n) OVER (PARTITION BY job_type ORDER BY bucket) AS upto, sum(n) OVER (PARTITION BY job_type) AS total FROM hist
    ), bucket_median AS (
      -- As percentile_cont: the mean of the two middle values (positions floor and ceil of (n-1)/2), each its bucket's middle.
      SELECT job_type,
             (min(mid) FILTER (WHERE upto > floor((total - 1) / 2.0)) + min(mid) FILTER (WHERE upto > ceil((total - 1) / 2.0))) / 2 AS seconds
      FROM (SELECT job_type, power(${DURATION_BUCKET_BASE}::float8, bucket + 0.5) AS mid, upto, total FROM cumulative) c
      GROUP BY job_type
    ), exact_median AS (
      -- Nothing of this cohort rolled up yet: every completion is at hand, so the median is exact.
      SELECT job_type, percentile_cont(0.5) WITHIN GROUP (ORDER BY secs) AS seconds FROM recent WHERE kind = 'completed' GROUP BY job_type
    )
    SELECT s.job_type AS "jobType",
           (coalesce(r.completed, 0) + coalesce(rc.completed, 0))::int AS completed,
           (coalesce(r.expired, 0) + coalesce(rc.expired, 0) + coalesce(p.expired_unswept, 0))::int AS expired,
           (coalesce(r.dismissed, 0) + coalesce(rc.dismissed, 0))::int AS dismissed,
           (coalesce(r.completed, 0) + coalesce(rc.completed, 0) + coalesce(r.expired, 0) + coalesce(rc.expired, 0)
             + coalesce(r.dismissed, 0) + coalesce(rc.dismissed, 0) + coalesce(p.pending, 0) + coalesce(p.expired_unswept, 0))::int AS total,
           ${Prisma.join(
             AGE_BUCKETS.map((b) => Prisma.sql`coalesce(p.${Prisma.raw(`"${b.key}"`)}, 0) AS ${Prisma.raw(`"${b.key}"`)}`),
             ", ",
           )},
           CASE WHEN EXISTS (SELECT 1 FROM rolled_hist h WHERE h.job_type = s.job_type) THEN bm.seconds ELSE em.seconds END AS "medianSeconds",
           EXISTS (SELECT 1 FROM rolled_hist h WHERE h.job_type = s.job_type) AS "medianApproximate"
    FROM steps s
    LEFT JOIN rolled r USING (job_type) LEFT JOIN recent_counts rc USING (job_type) LEFT JOIN pending p USING (job_type)
    LEFT JOIN bucket_median bm USING (job_type) LEFT JOIN exact_median em USING (job_type)`;
}

async function countCohort(db: Db, cohort: Cohort): Promise<number> {
  const [row] = await queryRows<{ cohortSize: number }>(
    db,
    Prisma.sql`SELECT count(*)::int AS "cohortSize" FROM users u WHERE u.role = 'user' ${cohortCondition(cohort)}`,
  );
  return row?.cohortSize ?? 0;
}

function toSteps(steps: ReturnType<typeof jobTypes.onboardingSteps>, rows: Omit<SummaryRow, "medianApproximate">[]): FunnelStep[] {
  const byType = new Map(rows.map((r) => [r.jobType, r]));
  let previousCompleted: number | null = null;
  return steps.map((def) => {
    const row = byType.get(def.key);
    const total = row?.total ?? 0;
    const completed = row?.completed ?? 0;
    const base = previousCompleted ?? total;
    previousCompleted = completed;
    return {
      jobType: def.key,
      title: def.title,
      step: def.onboardingStep,
      total,
      pending: Object.fromEntries(AGE_BUCKETS.map((b) => [b.key, row?.[b.key] ?? 0])) as Record<AgeBucket, number>,
      completed,
      expired: row?.expired ?? 0,
      dismissed: row?.dismissed ?? 0,
      conversion: base > 0 ? completed / base : null,
      medianSecondsToComplete: row?.medianSeconds === null || row?.medianSeconds === undefined ? null : Number(row.medianSeconds),
    };
  });
}

/** The funnel as one aggregate over the jobs (exact medians; ~0.3 s over a million jobs): cohorts that are not whole days, and the summary's check. */
export async function liveOnboardingFunnel(db: Db, cohort: Cohort = {}): Promise<Funnel> {
  const steps = jobTypes.onboardingSteps();
  const rows = await queryRows<
    { jobType: string; total: number; completed: number; expired: number; dismissed: number; medianSeconds: number | null } & Record<
      AgeBucket,
      number
    >
  >(
    db,
    Prisma.sql`
    SELECT j.job_type AS "jobType",
           count(*)::int AS total,
           ${Prisma.join(
             AGE_BUCKETS.map(
               (b) => Prisma.sql`count(*) FILTER (WHERE ${PENDING} ${bucketCondition(b)})::int AS ${Prisma.raw(`"${b.key}"`)}`,
             ),
             ",\n           ",
           )},
           count(*) FILTER (WHERE j.status = 'completed')::int AS completed,
           count(*) FILTER (WHERE ${expiredNow("j")})::int AS expired,
           count(*) FILTER (WHERE j.status = 'cancelled')::int AS dismissed,
           percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM j.completed_at - j.created_at))
             FILTER (WHERE j.status = 'completed') AS "medianSeconds"
    FROM ${jobsTable} j
    ${
      // Everyone: no join, so the aggregate is one index-only pass over
      // jobs_user_jobs_funnel_idx. A cohort joins the people who signed up in it.
      cohort.from || cohort.to ? Prisma.sql`JOIN users u ON j.target_id = u.id::text` : Prisma.empty
    }
    WHERE j.target_type = 'user'
      AND j.job_type IN (${Prisma.join(steps.map((s) => s.key))})
      ${cohortCondition(cohort)}
    GROUP BY j.job_type`,
  );
  return { cohortSize: await countCohort(db, cohort), steps: toSteps(steps, rows), medianPrecision: null };
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
      AND ${PENDING}
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
