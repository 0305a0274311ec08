import { type Db, Prisma, queryRows } from "@/lib/db/client";
import type { Job } from "./types";

// Shared SQL pieces. Columns are aliased to the camelCase names of the Prisma
// model, so a raw row is already a `Job`.

const COLUMNS = [
  ["id", "id"],
  ["job_type", "jobType"],
  ["status", "status"],
  ["target_type", "targetType"],
  ["target_id", "targetId"],
  ["assigned_to_id", "assignedToId"],
  ["priority", "priority"],
  ["due_at", "dueAt"],
  ["created_at", "createdAt"],
  ["updated_at", "updatedAt"],
  ["completed_at", "completedAt"],
  ["expires_at", "expiresAt"],
  ["metadata", "metadata"],
  ["completed_by_id", "completedById"],
  ["completion_source", "completionSource"],
  ["resolution_note", "resolutionNote"],
] as const;

/** `id, job_type AS "jobType", …`, optionally qualified with a table alias. */
export function jobColumns(alias?: string): Prisma.Sql {
  const prefix = alias ? `${alias}.` : "";
  return Prisma.raw(COLUMNS.map(([column, field]) => (column === field ? `${prefix}${column}` : `${prefix}${column} AS "${field}"`)).join(", "));
}

/**
 * A pending job whose expiry has passed is expired for every reader, even
 * before the sweep writes it down.
 */
export function pendingNow(alias?: string): Prisma.Sql {
  const p = alias ? `${alias}.` : "";
  return Prisma.raw(`(${p}status = 'pending' AND (${p}expires_at IS NULL OR ${p}expires_at > now()))`);
}

/** SQL: the job counts as expired, swept or not (the mirror image of pendingNow for non-pending ones). */
export function expiredNow(alias?: string): Prisma.Sql {
  const p = alias ? `${alias}.` : "";
  return Prisma.raw(`(${p}status = 'expired' OR (${p}status = 'pending' AND ${p}expires_at <= now()))`);
}

/** The status a person should see: pending jobs past their expiry read as expired. */
export function effectiveStatus(job: Pick<Job, "status" | "expiresAt">, now: Date = new Date()): Job["status"] {
  return job.status === "pending" && job.expiresAt !== null && job.expiresAt <= now ? "expired" : job.status;
}

/** `job_type = … AND target_type = … AND target_id = …`, plus the id when given. */
export function sameTarget(jobType: string, target: { type: string; id: string }, jobId?: string): Prisma.Sql {
  return Prisma.sql`job_type = ${jobType} AND target_type = ${target.type} AND target_id = ${target.id}${
    jobId ? Prisma.sql` AND id = ${jobId}::uuid` : Prisma.empty
  }`;
}

/** The pending job of this type for `target`, if there is one: one probe of the partial unique index. */
export async function findPendingJob(db: Db, jobType: string, target: { type: string; id: string }): Promise<Job | null> {
  const rows = await queryRows<Job>(db, Prisma.sql`
    SELECT ${jobColumns()} FROM jobs WHERE ${sameTarget(jobType, target)} AND status = 'pending'`);
  return rows[0] ?? null;
}

export async function findLatestJob(db: Db, jobType: string, target: { type: string; id: string }, jobId?: string): Promise<Job | null> {
  // Pending first (there is at most one), else the most recent.
  const rows = await queryRows<Job>(db, Prisma.sql`
    SELECT ${jobColumns()} FROM jobs
    WHERE ${sameTarget(jobType, target, jobId)}
    ORDER BY (status = 'pending') DESC, created_at DESC
    LIMIT 1`);
  return rows[0] ?? null;
}
