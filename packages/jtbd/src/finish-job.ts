import type { Database } from "./database.js";
import type { EngineContext } from "./engine-context.js";
import { JobsError, isJobsError } from "./jobs-error.js";
import { withEmissions } from "./signals.js";
import { effectiveStatus, type Job, type JobSource, type JsonObject, type Target } from "./types.js";
import { InputCheck } from "./validate.js";

// Completing and cancelling are the same move to a different final status: a
// conditional UPDATE … WHERE status = 'pending' (so doing it twice changes
// nothing and writes one event), with the event written in the same statement.

export interface FinishJobInput<K extends string = string> {
  jobType: K;
  target: Target;
  /** Merged into the job's metadata and recorded on the event. */
  metadata?: JsonObject;
  /** The host's id of the person who did it, if a person did. */
  by?: string | null;
  source: JobSource;
  /** A resolution note (completion) or reason (cancellation). */
  note?: string | null;
  /** Only finish this job (the one a person clicked), not any pending one for the target. */
  jobId?: string;
}

export interface FinishJobResult<K extends string = string> {
  /** The job as it now is; null when the target never had a job of this type. */
  job: Job<K> | null;
  /** False when it was already in the requested final state. */
  changed: boolean;
}

type FinalStatus = "completed" | "cancelled";

export async function finishJob(ctx: EngineContext, db: Database, status: FinalStatus, raw: FinishJobInput): Promise<FinishJobResult> {
  const check = new InputCheck(status === "completed" ? "completion" : "cancellation");
  const target = check.target(raw.target);
  const jobType = check.jobType(raw.jobType);
  const metadata = check.metadata("metadata", raw.metadata);
  const by = check.hostId("by", raw.by);
  const source = check.source(raw.source);
  const note = check.text("note", raw.note, 2000);
  const jobId = raw.jobId === undefined ? null : check.uuid("jobId", raw.jobId);
  check.done();
  const def = ctx.types.require(jobType);
  await ctx.ready(db);

  const eventData: JsonObject = { ...(Object.keys(metadata).length ? { metadata } : {}), ...(note ? { note } : {}) };
  const { sql } = ctx;
  return withEmissions(ctx.signals, db, [status], async (q, emissions) => {
    const [changed] = await q.query<Job>(
      `WITH changed AS (
        UPDATE ${sql.jobs} SET
          status = $1::${sql.enumType("job_status")},
          completed_at = now(),
          updated_at = now(),
          completed_by_id = $2,
          completion_source = $3::${sql.enumType("job_source")},
          resolution_note = $4,
          metadata = metadata || $5::jsonb
        WHERE job_type = $6 AND target_type = $7 AND target_id = $8
          AND ($9::uuid IS NULL OR id = $9::uuid)
          AND ${sql.pendingNow()}
        RETURNING *
      ), event AS (
        INSERT INTO ${sql.events} (job_id, kind, actor_id, source, data)
        SELECT id, $1::text::${sql.enumType("job_event_kind")}, $2, $3::${sql.enumType("job_source")}, $10::jsonb FROM changed
      )
      SELECT ${sql.columns()} FROM changed`,
      [status, by, source, note, JSON.stringify(metadata), def.key, target.type, target.id, jobId, JSON.stringify(eventData)],
    );
    if (changed) {
      emissions.push({ signal: status, job: changed, actor: { id: by, source }, data: eventData });
      return { job: changed, changed: true };
    }

    // Nothing pending to finish: say why, without writing anything. Pending
    // first (there is at most one), else the most recent.
    const [latest] = await q.query<Job>(
      `SELECT ${sql.columns()} FROM ${sql.jobs}
       WHERE job_type = $1 AND target_type = $2 AND target_id = $3 AND ($4::uuid IS NULL OR id = $4::uuid)
       ORDER BY (status = 'pending') DESC, created_at DESC
       LIMIT 1`,
      [def.key, target.type, target.id, jobId],
    );
    if (!latest) {
      if (jobId) throw new JobsError("not_found", "That job does not exist.");
      return { job: null, changed: false };
    }
    const current = effectiveStatus(latest);
    if (current === status) return { job: latest, changed: false };
    throw notFinishable(current, status, def.title);
  });
}

function notFinishable(current: Job["status"], wanted: FinalStatus, title: string): JobsError {
  switch (current) {
    case "expired":
      return new JobsError("job_expired", `"${title}" has expired, so it can no longer be ${wanted}.`);
    case "cancelled":
      return new JobsError("job_cancelled", `"${title}" was cancelled, so it can no longer be ${wanted}.`);
    case "completed":
      return new JobsError("job_completed", `"${title}" is already done, so it can no longer be ${wanted}.`);
    default:
      // Pending but not matched: it was requested again between our two statements.
      return new JobsError("conflict", `"${title}" changed while we were saving. Please try again.`);
  }
}

/**
 * What domain code calls the moment a job's condition is met: completes the
 * pending job with source "auto". Unlike jobCompleted, a job that already
 * ended otherwise (expired, cancelled) is left as it ended instead of raising:
 * the domain change stands either way.
 */
export async function autoCompleteJob(
  ctx: EngineContext,
  db: Database,
  input: Omit<FinishJobInput, "source" | "jobId">,
): Promise<FinishJobResult> {
  try {
    return await finishJob(ctx, db, "completed", { ...input, source: "auto" });
  } catch (error) {
    if (isJobsError(error, "job_expired") || isJobsError(error, "job_cancelled")) return { job: null, changed: false };
    throw error;
  }
}
