import "server-only";
import { type Db, Prisma } from "@/lib/db/client";
import { jobEventsTable, jobsTable } from "@/lib/jobs";
import {
  dayRange,
  type FunnelOptions,
  type FunnelStepDefinition,
  funnelStepDefinitions,
  type FunnelUnit,
  inSnapshot,
  pendingFrom,
  readWatermark,
  TERMINAL_KINDS,
  unitSql,
} from "./onboarding-funnel";

// Conversion over time: week-by-week cohorts (people who signed up, or
// organisations made, Monday to Sunday UTC), each step's completion rate in
// its own population. Whole weeks are whole days, so this reads the same
// maintained summary as the funnel (history rolled up, the rest live) in one
// snapshot: three small aggregates, not one funnel per week.

const DAY_MS = 86_400_000;

export interface FunnelWeekStep {
  jobType: string;
  /** Jobs of this step for the week's cohort: its own population. */
  total: number;
  completed: number;
  /** completed ÷ total; null when the step has no jobs that week. */
  completionRate: number | null;
}

export interface FunnelWeek {
  /** The Monday the week starts (YYYY-MM-DD, UTC). */
  week: string;
  cohortSize: number;
  steps: FunnelWeekStep[];
}

export interface FunnelByWeek {
  unit: FunnelUnit;
  steps: FunnelStepDefinition[];
  /** Oldest first; every week of the range, empty ones included. */
  weeks: FunnelWeek[];
}

/** The Monday 00:00 UTC of the week holding `date`. */
export function mondayOf(date: Date): Date {
  const day = Math.floor(date.getTime() / DAY_MS);
  // 1970-01-01 was a Thursday: day 0 is 3 days after a Monday.
  return new Date((day - ((day + 3) % 7)) * DAY_MS);
}

/** The week (its Monday) of a SQL date, by arithmetic: no session time zone involved. */
const weekOf = (date: Prisma.Sql) => Prisma.sql`(${date} - (extract(isodow FROM ${date})::int - 1))`;

export async function onboardingFunnelByWeek(db: Db, options: FunnelOptions & { weeks?: number } = {}): Promise<FunnelByWeek> {
  const unit = options.unit ?? "person";
  const count = Math.min(Math.max(options.weeks ?? 8, 1), 52);
  const defs = funnelStepDefinitions(unit);
  const steps = defs.map((s) => s.key);
  const u = unitSql(unit);
  const last = mondayOf(options.now ?? new Date());
  const cohort = { from: new Date(last.getTime() - (count - 1) * 7 * DAY_MS), to: new Date(last.getTime() + 7 * DAY_MS) };
  const signupDay = Prisma.sql`((u.created_at AT TIME ZONE 'UTC')::date)`;
  const inCohort = Prisma.sql`AND u.created_at >= ${cohort.from}::timestamptz AND u.created_at < ${cohort.to}::timestamptz`;

  const { rows, sizes } = await inSnapshot(db, async (query) => {
    const watermark = await readWatermark(query);
    const rows = await query<{ week: string; jobType: string; total: number; completed: number }>(Prisma.sql`
      WITH parts AS (
        SELECT ${weekOf(Prisma.sql`signup_day`)} AS week, job_type, sum(completed) AS completed, sum(completed + expired + dismissed) AS total
        FROM onboarding_funnel_days WHERE job_type = ANY(${steps}::text[]) ${dayRange(cohort)} GROUP BY 1, 2
        UNION ALL
        SELECT ${weekOf(signupDay)}, j.job_type, count(*) FILTER (WHERE e.kind = 'completed'), count(*)
        FROM ${jobEventsTable} e JOIN ${jobsTable} j ON j.id = e.job_id JOIN ${u.table} u ON u.id::text = j.target_id ${inCohort}
        WHERE e.id > ${watermark}::bigint AND e.kind IN ${TERMINAL_KINDS} AND j.target_type = ${u.targetType} AND j.job_type = ANY(${steps}::text[])
        GROUP BY 1, 2
        UNION ALL
        -- Pending, expired or not yet: every one is in its step's population.
        SELECT ${weekOf(signupDay)}, j.job_type, 0, count(*) FROM ${pendingFrom(unit, steps, cohort)} GROUP BY 1, 2
      )
      SELECT week::text AS week, job_type AS "jobType", sum(total)::int AS total, sum(completed)::int AS completed
      FROM parts GROUP BY 1, 2`);
    const sizes = await query<{ week: string; cohortSize: number }>(Prisma.sql`
      SELECT ${weekOf(signupDay)}::text AS week, count(*)::int AS "cohortSize"
      FROM ${u.table} u WHERE true ${u.members} ${inCohort} GROUP BY 1`);
    return { rows, sizes };
  });

  const cell = new Map(rows.map((r) => [`${r.week}|${r.jobType}`, r]));
  const size = new Map(sizes.map((s) => [s.week, s.cohortSize]));
  const weeks: FunnelWeek[] = [];
  for (let i = 0; i < count; i++) {
    const week = new Date(cohort.from.getTime() + i * 7 * DAY_MS).toISOString().slice(0, 10);
    weeks.push({
      week,
      cohortSize: size.get(week) ?? 0,
      steps: steps.map((jobType) => {
        const row = cell.get(`${week}|${jobType}`);
        const total = row?.total ?? 0;
        const completed = row?.completed ?? 0;
        return { jobType, total, completed, completionRate: total > 0 ? completed / total : null };
      }),
    });
  }
  return { unit, steps: defs, weeks };
}
