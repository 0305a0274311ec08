import "server-only";
import { z } from "zod";
import { type Db, Prisma, queryRows } from "@/lib/db/client";
import { decodeCursor, encodeCursor } from "@/lib/db/keyset-cursor";
import { BUSINESS_HOURS, type Job, jobsTable, jobTypes, pendingNow } from "@/lib/jobs";
import { jobEscalationsTable, type JobSla, slaStatus } from "@/lib/jobs/escalate-jobs";
import { describeTargets, type TargetDescription } from "@/lib/server/target-describers";

// The escalation queue: every pending staff job that breached an SLA rule,
// across types, oldest first (the longest overdue on top), keyset-paged on
// (created_at, id) like the queues. And the overview's count of breaches per
// queue today.

export const ESCALATIONS_PAGE_SIZE = 50;

export const escalationFiltersSchema = z.object({ cursor: z.string().max(200).optional().catch(undefined) });
export type EscalationFilters = z.output<typeof escalationFiltersSchema>;

export interface EscalatedJob {
  id: string;
  jobType: string;
  /** The queue's title (the type's). */
  queue: string;
  targetType: string;
  targetId: string;
  target: TargetDescription;
  priority: Job["priority"];
  createdAt: Date;
  assignee: { id: string; name: string | null; email: string } | null;
  /** The rules fired, first first. */
  breaches: { rule: string; firedAt: Date }[];
  sla: JobSla | null;
}

export interface EscalationPage {
  rows: EscalatedJob[];
  nextCursor: string | null;
}

const staffTypeKeys = () => jobTypes.byAudience("staff").map((def) => def.key);

/** A page of the escalation queue. */
export async function listEscalations(db: Db, filters: EscalationFilters, limit = ESCALATIONS_PAGE_SIZE): Promise<EscalationPage> {
  const after = filters.cursor ? decodeCursor(filters.cursor) : null;
  const rows = await queryRows<
    Omit<EscalatedJob, "queue" | "target" | "assignee" | "sla"> & {
      firstActionAt: Date | null;
      assigneeId: string | null;
      assigneeName: string | null;
      assigneeEmail: string | null;
    }
  >(
    db,
    Prisma.sql`
    SELECT j.id, j.job_type AS "jobType", j.target_type AS "targetType", j.target_id AS "targetId", j.priority,
           j.created_at AS "createdAt", j.first_action_at AS "firstActionAt",
           u.id AS "assigneeId", u.name AS "assigneeName", u.email AS "assigneeEmail",
           (SELECT json_agg(json_build_object('rule', e.rule, 'firedAt', e.fired_at) ORDER BY e.fired_at, e.rule)
            FROM ${jobEscalationsTable} e WHERE e.job_id = j.id) AS breaches
    FROM ${jobsTable} j
    LEFT JOIN users u ON u.id = j.assigned_to_id::uuid
    WHERE j.job_type = ANY(${staffTypeKeys()}::text[])
      AND ${pendingNow("j")}
      AND EXISTS (SELECT 1 FROM ${jobEscalationsTable} e WHERE e.job_id = j.id)
      ${after ? Prisma.sql`AND (j.created_at, j.id) > (${after.createdAt}::timestamptz, ${after.id}::uuid)` : Prisma.empty}
    ORDER BY j.created_at, j.id
    LIMIT ${limit + 1}`,
  );
  const page = rows.slice(0, limit);
  const describe = await describeTargets(db, page);
  const now = new Date();
  const escalated = page.map(({ assigneeId, assigneeName, assigneeEmail, firstActionAt, breaches, ...row }) => {
    const fired = (breaches as unknown as { rule: string; firedAt: string }[]).map((b) => ({ rule: b.rule, firedAt: new Date(b.firedAt) }));
    return {
      ...row,
      queue: jobTypes.get(row.jobType)?.title ?? row.jobType,
      target: describe(row),
      assignee: assigneeId ? { id: assigneeId, name: assigneeName, email: assigneeEmail ?? "" } : null,
      breaches: fired,
      sla: slaStatus({ ...row, firstActionAt, escalatedRules: fired.map((b) => b.rule) }, now),
    };
  });
  const last = escalated.at(-1);
  return { rows: escalated, nextCursor: rows.length > limit && last ? encodeCursor(last) : null };
}

/**
 * Per staff queue, the jobs that breached an SLA rule today (in the business
 * hours' time zone), whatever became of them since; queues with none are left out.
 */
export async function breachesToday(db: Db): Promise<Map<string, number>> {
  const rows = await db.$queryRaw<{ jobType: string; breaches: number }[]>`
    SELECT j.job_type AS "jobType", count(DISTINCT e.job_id)::int AS breaches
    FROM ${jobEscalationsTable} e JOIN ${jobsTable} j ON j.id = e.job_id
    WHERE e.fired_at >= date_trunc('day', now() AT TIME ZONE ${BUSINESS_HOURS.timeZone}) AT TIME ZONE ${BUSINESS_HOURS.timeZone}
      AND j.job_type = ANY(${staffTypeKeys()}::text[])
    GROUP BY j.job_type`;
  return new Map(rows.map((r) => [r.jobType, r.breaches]));
}

/** How many pending staff jobs are in the escalation queue. */
export async function countEscalated(db: Db): Promise<number> {
  const [row] = await db.$queryRaw<{ n: number }[]>`
    SELECT count(*)::int AS n FROM ${jobsTable} j
    WHERE j.job_type = ANY(${staffTypeKeys()}::text[]) AND ${pendingNow("j")}
      AND EXISTS (SELECT 1 FROM ${jobEscalationsTable} e WHERE e.job_id = j.id)`;
  return row?.n ?? 0;
}
