import "server-only";
import { jobEscalationsTable, type JobSla, slaStatus } from "@/lib/jobs/escalate-jobs";
import { z } from "zod";
import { type Db, Prisma, queryRows } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import {
  awakeNow,
  effectiveStatus,
  expiredNow,
  type Job,
  JOBS_SCHEMA,
  jobsTable,
  jobTypes,
  pendingNow,
  type JobTypeDefinition,
} from "@/lib/jobs";
import { decodeCursor, decodeRankedCursor, encodeCursor, encodeRankedCursor } from "@/lib/db/keyset-cursor";

// The staff triage queues: one per staff job type, oldest first, keyset-paged
// on (created_at, id) along the jobs_queue_idx index so the page costs the same
// at ten jobs and at a million. Sorted by occurrences on request (exceptions
// that recur most first, then oldest): keyset-paged on (-occurrences,
// created_at, id), one row comparison, along jobs_pending_occurrences_idx for
// the pending list (the app's migration 20261130190743_jobs_occurrences_index).

export const QUEUE_PAGE_SIZE = 25;
/** `pending` leaves out snoozed jobs until they wake; `snoozed` lists only them (pending, asleep). */
export const QUEUE_STATUSES = ["pending", "snoozed", "completed", "cancelled", "expired", "all"] as const;
export const QUEUE_ASSIGNMENTS = ["everyone", "me", "unassigned"] as const;
/** `oldest`: first come, first served (the default); `occurrences`: the most reported first, then oldest. */
export const QUEUE_SORTS = ["oldest", "occurrences"] as const;

export const queueFiltersSchema = z.object({
  status: z.enum(QUEUE_STATUSES).catch("pending"),
  assigned: z.enum(QUEUE_ASSIGNMENTS).catch("everyone"),
  q: z
    .string()
    .trim()
    .max(191)
    .optional()
    .catch(undefined)
    .transform((v) => v || undefined),
  sort: z.enum(QUEUE_SORTS).catch("oldest"),
  cursor: z.string().max(200).optional().catch(undefined),
});

/** Filters as they come from the URL; anything unrecognised falls back to the default. */
export type QueueFilters = z.output<typeof queueFiltersSchema>;

export interface QueueRow {
  id: string;
  targetType: string;
  targetId: string;
  status: Job["status"];
  priority: Job["priority"];
  createdAt: Date;
  dueAt: Date | null;
  completedAt: Date | null;
  expiresAt: Date | null;
  resolutionNote: string | null;
  /** Put off until then (still pending); null when not snoozed or its moment has passed. */
  snoozedUntil: Date | null;
  /** How many times the exception behind it was reported (1 for most jobs). */
  occurrences: number;
  /** When it was last reported again; null until it recurs. */
  lastOccurredAt: Date | null;
  assignee: { id: string; name: string | null; email: string } | null;
  /** Against its type's SLA (pending jobs of a type with one): breached, at risk, on track. */
  sla: JobSla | null;
}

export interface QueuePage {
  rows: QueueRow[];
  /** Cursor for the next page, or null on the last one. */
  nextCursor: string | null;
}

function statusCondition(status: QueueFilters["status"]): Prisma.Sql {
  switch (status) {
    case "pending":
      // Snoozed jobs stay out until their moment: a filter on the rows the index finds.
      return Prisma.sql`${pendingNow("j")} AND ${awakeNow("j")}`;
    case "snoozed":
      return Prisma.sql`${pendingNow("j")} AND j.snoozed_until > now()`;
    case "expired":
      return expiredNow("j");
    case "completed":
    case "cancelled":
      return Prisma.sql`j.status = ${status}::text::${Prisma.raw(JOBS_SCHEMA)}.job_status`;
    case "all":
      return Prisma.sql`TRUE`;
  }
}

/**
 * The jobs of one staff queue that `filters` select (every filter but the page
 * cursor), on alias `j`: the queue page's rows and a saved view's count
 * (saved-views.ts) read the same condition, so a view counts what it lists.
 */
export function queueCondition(def: Pick<JobTypeDefinition, "targetType">, filters: QueueFilters, me: string): Prisma.Sql {
  return Prisma.sql`${statusCondition(filters.status)}
      ${filters.assigned === "me" ? Prisma.sql`AND j.assigned_to_id = ${me}` : Prisma.empty}
      ${filters.assigned === "unassigned" ? Prisma.sql`AND j.assigned_to_id IS NULL` : Prisma.empty}
      ${filters.q ? Prisma.sql`AND j.target_type = ${def.targetType} AND j.target_id = ${filters.q}` : Prisma.empty}`;
}

/** A page of one staff queue. `me` is the signed-in staff member (for "assigned to me"). */
export async function listQueue(db: Db, jobType: string, filters: QueueFilters, me: string, limit = QUEUE_PAGE_SIZE): Promise<QueuePage> {
  const def = jobTypes.get(jobType);
  if (!def || def.audience !== "staff") throw new AppError("not_found", "There is no such staff queue.");
  const byOccurrences = filters.sort === "occurrences";
  // A cursor made for the other sort does not decode: "out of date", back to the first page.
  const after = !filters.cursor ? null : byOccurrences ? decodeRankedCursor(filters.cursor) : { rank: 0, ...decodeCursor(filters.cursor) };
  const keyset = !after
    ? Prisma.empty
    : byOccurrences
      ? Prisma.sql`AND (-j.occurrences, j.created_at, j.id) > (${-after.rank}::int, ${after.createdAt}::timestamptz, ${after.id}::uuid)`
      : Prisma.sql`AND (j.created_at, j.id) > (${after.createdAt}::timestamptz, ${after.id}::uuid)`;

  const rows = await queryRows<
    Omit<QueueRow, "assignee" | "sla"> & {
      assigneeId: string | null;
      assigneeName: string | null;
      assigneeEmail: string | null;
      firstActionAt: Date | null;
      escalatedRules: string[];
    }
  >(
    db,
    Prisma.sql`
    SELECT j.id, j.target_type AS "targetType", j.target_id AS "targetId", j.status, j.priority,
           j.created_at AS "createdAt", j.due_at AS "dueAt", j.completed_at AS "completedAt", j.expires_at AS "expiresAt",
           j.resolution_note AS "resolutionNote",
           CASE WHEN j.snoozed_until > now() THEN j.snoozed_until END AS "snoozedUntil", j.occurrences, j.last_occurred_at AS "lastOccurredAt",
           u.id AS "assigneeId", u.name AS "assigneeName", u.email AS "assigneeEmail",
           j.first_action_at AS "firstActionAt",
           ARRAY(SELECT e.rule::text FROM ${jobEscalationsTable} e WHERE e.job_id = j.id) AS "escalatedRules"
    FROM ${jobsTable} j
    LEFT JOIN users u ON u.id = j.assigned_to_id::uuid
    WHERE j.job_type = ${def.key}
      AND ${queueCondition(def, filters, me)}
      ${keyset}
    ORDER BY ${byOccurrences ? Prisma.sql`-j.occurrences, j.created_at, j.id` : Prisma.sql`j.created_at, j.id`}
    LIMIT ${limit + 1}`,
  );

  const now = new Date();
  const page = rows.slice(0, limit).map(({ assigneeId, assigneeName, assigneeEmail, firstActionAt, escalatedRules, ...row }) => ({
    ...row,
    status: effectiveStatus(row, now),
    sla:
      effectiveStatus(row, now) === "pending"
        ? slaStatus({ jobType: def.key, createdAt: row.createdAt, firstActionAt, escalatedRules }, now)
        : null,
    assignee: assigneeId ? { id: assigneeId, name: assigneeName, email: assigneeEmail ?? "" } : null,
  }));
  const last = page.at(-1);
  const more = rows.length > limit && last;
  return {
    rows: page,
    nextCursor: !more ? null : byOccurrences ? encodeRankedCursor({ rank: last.occurrences, ...last }) : encodeCursor(last),
  };
}

export interface QueueSummary {
  jobType: string;
  title: string;
  description: string;
  pending: number;
  unassigned: number;
  pastDue: number;
  oldestPendingAt: Date | null;
  /** Pending but snoozed: not in the other counts until they wake. */
  snoozed: number;
}

/**
 * Every staff queue (a retired one only while it has pending jobs) with its
 * pending, unassigned and past-due counts and its oldest pending job, snoozed
 * jobs left out of them (and counted apart) until they wake.
 */
export async function queueOverview(db: Db): Promise<QueueSummary[]> {
  const staffTypes = jobTypes.byAudience("staff");
  const rows = await db.$queryRaw<
    { jobType: string; pending: number; unassigned: number; pastDue: number; oldestPendingAt: Date | null; snoozed: number }[]
  >`
    SELECT job_type AS "jobType",
           count(*) FILTER (WHERE ${awakeNow()})::int AS pending,
           count(*) FILTER (WHERE ${awakeNow()} AND assigned_to_id IS NULL)::int AS unassigned,
           count(*) FILTER (WHERE ${awakeNow()} AND due_at < now())::int AS "pastDue",
           min(created_at) FILTER (WHERE ${awakeNow()}) AS "oldestPendingAt",
           count(*) FILTER (WHERE snoozed_until > now())::int AS snoozed
    FROM ${jobsTable}
    WHERE job_type IN (${Prisma.join(staffTypes.map((d) => d.key))})
      AND ${pendingNow()}
    GROUP BY job_type`;
  const byType = new Map(rows.map((r) => [r.jobType, r]));
  // A retired queue is listed while it drains, then no more.
  return staffTypes
    .filter((def) => !def.retired || byType.has(def.key))
    .map((def) => ({
      jobType: def.key,
      title: def.title,
      description: def.description,
      pending: byType.get(def.key)?.pending ?? 0,
      unassigned: byType.get(def.key)?.unassigned ?? 0,
      pastDue: byType.get(def.key)?.pastDue ?? 0,
      oldestPendingAt: byType.get(def.key)?.oldestPendingAt ?? null,
      snoozed: byType.get(def.key)?.snoozed ?? 0,
    }));
}
