import { z } from "zod";
import { type Db, Prisma, queryRows } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { effectiveStatus, findLatestJob, jobColumns, pendingNow, sameTarget } from "./job-sql";
import { jobTypes } from "./job-types";
import { withEmissions } from "./signals";
import type { Job, JobSource, JsonObject, Target } from "./types";
import { jobSourceSchema, metadataSchema, parseInput, targetSchema, uuidSchema } from "./validation";

// Completing and cancelling are the same move to a different final status: a
// conditional UPDATE … WHERE status = 'pending' (so doing it twice changes
// nothing and writes one event), with the event written in the same statement.

export interface FinishJobInput {
  target: Target;
  jobType: string;
  /** Merged into the job's metadata and recorded on the event. */
  metadata?: JsonObject;
  /** The user who did it, if a person did. */
  by?: string | null;
  source: JobSource;
  /** A resolution note (completion) or reason (cancellation). */
  note?: string | null;
  /** Only finish this job (e.g. the one a person clicked), not any pending one for the target. */
  jobId?: string;
}

export interface FinishJobResult {
  /** The job as it now is; null when the target never had a job of this type. */
  job: Job | null;
  /** False when it was already in the requested final state. */
  changed: boolean;
}

const inputSchema = z.object({
  target: targetSchema,
  jobType: z.string({ error: "A job type is required." }).min(1, "A job type is required."),
  metadata: metadataSchema,
  by: uuidSchema.nullish(),
  source: jobSourceSchema,
  note: z.string().trim().max(2000, "The note is longer than 2000 characters.").nullish(),
  jobId: uuidSchema.optional(),
});

type FinalStatus = "completed" | "cancelled";

export async function finishJob(db: Db, status: FinalStatus, rawInput: FinishJobInput): Promise<FinishJobResult> {
  const input = parseInput(inputSchema, rawInput, status === "completed" ? "completion" : "cancellation");
  const def = jobTypes.require(input.jobType);
  const note = input.note || null;
  const eventData: JsonObject = { ...(Object.keys(input.metadata).length ? { metadata: input.metadata } : {}), ...(note ? { note } : {}) };

  return withEmissions(db, [status], async (q, emissions) => {
    const rows = await queryRows<Job>(q, Prisma.sql`
      WITH changed AS (
        UPDATE jobs SET
          status = ${status}::job_status,
          completed_at = now(),
          updated_at = now(),
          completed_by_id = ${input.by ?? null}::uuid,
          completion_source = ${input.source}::job_source,
          resolution_note = ${note},
          metadata = metadata || ${JSON.stringify(input.metadata)}::jsonb
        WHERE ${sameTarget(def.key, input.target, input.jobId)}
          AND ${pendingNow()}
        RETURNING *
      ), event AS (
        INSERT INTO job_events (job_id, kind, actor_id, source, data)
        SELECT id, ${status}::job_event_kind, ${input.by ?? null}::uuid, ${input.source}::job_source, ${JSON.stringify(eventData)}::jsonb
        FROM changed
      )
      SELECT ${jobColumns()} FROM changed`);
    const changed = rows[0];
    if (changed) {
      emissions.push({ signal: status, job: changed, actor: { id: input.by ?? null, source: input.source }, data: eventData });
      return { job: changed, changed: true };
    }

    // Nothing pending to finish: say why, without writing anything.
    const latest = await findLatestJob(q, def.key, input.target, input.jobId);
    if (!latest) {
      if (input.jobId) throw new AppError("not_found", "That job does not exist.");
      return { job: null, changed: false };
    }
    const current = effectiveStatus(latest);
    if (current === status) return { job: latest, changed: false };
    throw notFinishable(current, status, def.title);
  });
}

function notFinishable(current: Job["status"], wanted: FinalStatus, title: string): AppError {
  switch (current) {
    case "expired":
      return new AppError("job_expired", `"${title}" has expired, so it can no longer be ${wanted}.`);
    case "cancelled":
      return new AppError("job_cancelled", `"${title}" was cancelled, so it can no longer be ${wanted}.`);
    case "completed":
      return new AppError("job_completed", `"${title}" is already done, so it can no longer be ${wanted}.`);
    default:
      // Pending but not matched: it was requested again between our two statements.
      return new AppError("conflict", `"${title}" changed while we were saving. Please try again.`);
  }
}

/**
 * Completes the pending job of `jobType` for `target`. Completing a job that is
 * already completed (or a target that never had one) changes nothing. Throws
 * `job_expired` / `job_cancelled` for a job that ended otherwise, writing
 * nothing. Domain code calls this the moment its condition is met.
 */
export function jobCompleted(db: Db, input: FinishJobInput): Promise<FinishJobResult> {
  return finishJob(db, "completed", input);
}

/**
 * Cancels the pending job of `jobType` for `target` (a dismissal is a
 * cancellation with a reason). Cancelling twice changes nothing; cancelling a
 * completed or expired job throws `job_completed` / `job_expired`.
 */
export function jobCancelled(db: Db, input: FinishJobInput): Promise<FinishJobResult> {
  return finishJob(db, "cancelled", input);
}

/**
 * What domain code calls the moment a job's condition is met (the profile was
 * saved, the document uploaded): completes the pending job with source "auto".
 * Unlike `jobCompleted`, a job that already ended otherwise (expired,
 * cancelled) is left as it ended instead of raising: the domain change stands
 * either way.
 */
export async function autoCompleteJob(db: Db, input: Omit<FinishJobInput, "source" | "jobId">): Promise<FinishJobResult> {
  try {
    return await finishJob(db, "completed", { ...input, source: "auto" });
  } catch (error) {
    if (error instanceof AppError && (error.code === "job_expired" || error.code === "job_cancelled")) return { job: null, changed: false };
    throw error;
  }
}
