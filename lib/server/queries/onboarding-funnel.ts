import "server-only";
import { z } from "zod";
import { type Db, Prisma, queryRows } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { expiredNow, jobsTable, jobTypes, pendingNow } from "@/lib/jobs";
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

export async function onboardingFunnel(db: Db, cohort: Cohort = {}): Promise<Funnel> {
  const steps = jobTypes.onboardingSteps();
  const rows = await queryRows<{ jobType: string; total: number; completed: number; expired: number; dismissed: number; medianSeconds: number | null } & Record<AgeBucket, number>>(
    db,
    Prisma.sql`
    SELECT j.job_type AS "jobType",
           count(*)::int AS total,
           ${Prisma.join(
             AGE_BUCKETS.map((b) => Prisma.sql`count(*) FILTER (WHERE ${PENDING} ${bucketCondition(b)})::int AS ${Prisma.raw(`"${b.key}"`)}`),
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
  const [{ cohortSize }] = (await queryRows<{ cohortSize: number }>(
    db,
    Prisma.sql`SELECT count(*)::int AS "cohortSize" FROM users u WHERE u.role = 'user' ${cohortCondition(cohort)}`,
  )) as [{ cohortSize: number }];

  const byType = new Map(rows.map((r) => [r.jobType, r]));
  let previousCompleted: number | null = null;
  const result: FunnelStep[] = steps.map((def) => {
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
  return { cohortSize, steps: result };
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
export async function stalledUsers(db: Db, query: StalledQuery, cohort: Cohort = {}, limit = 50): Promise<{ rows: StalledUser[]; nextCursor: string | null }> {
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
