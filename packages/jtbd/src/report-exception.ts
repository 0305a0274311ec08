import type { Database } from "./database.js";
import type { EngineContext } from "./engine-context.js";
import { expireJob } from "./expire-jobs.js";
import { JobsError } from "./jobs-error.js";
import { findPendingJobSql, PENDING_JOB_ATTEMPTS, typeForTarget } from "./pending-job.js";
import type { JobRequestedResult } from "./request-job.js";
import { withEmissions } from "./signals.js";
import type { Job, JsonObject, JsonValue, Target } from "./types.js";
import { uuidV7 } from "./uuid-v7.js";
import { InputCheck, METADATA_MAX_BYTES } from "./validate.js";

export interface ReportExceptionInput<K extends string = string> {
  /** The job type whose queue a person will pick this up from. */
  jobType: K;
  /** What went wrong is about this (the user who uploaded, the invite that bounced). */
  target: Target;
  error: unknown;
  /** What a person needs to act: file name, address, limits… */
  context?: JsonObject;
  /** The code that reports, recorded on the job's "requested" (or "recurred") event. */
  sender: string;
}

export interface ReportExceptionResult<K extends string = string> extends JobRequestedResult<K> {
  /** True when the report counted another occurrence on the job already pending (`created` is then false). */
  recurred: boolean;
}

/**
 * Turns a handled failure that needs a human into a job instead of a log
 * line. One pending job per target and type: the first report creates it
 * (error and context in its metadata, trimmed to fit 16 KB); a report while
 * it is pending counts an occurrence on it instead (`occurrences` + 1,
 * `last_occurred_at`, and a `recurred` event carrying that report's error and
 * context, trimmed the same way). One statement decides (INSERT … ON CONFLICT
 * DO UPDATE on the pending-job index), so concurrent reports for a fresh
 * target leave one job whose count is the number of reports, never fewer. A
 * pending job past its expiry is expired first and a new one opened.
 *
 * Throws `invalid_input` or `unknown_job_type` for bad input, writing nothing.
 */
export async function reportException(ctx: EngineContext, db: Database, input: ReportExceptionInput): Promise<ReportExceptionResult> {
  const check = new InputCheck("exception report");
  const target = check.target(input.target);
  const jobType = check.jobType(input.jobType);
  const sender = check.text("sender", input.sender, 200);
  const context = jsonObject(check, "context", input.context);
  check.done();
  const def = typeForTarget(ctx, jobType, target);
  await ctx.ready(db);

  const error = errorOf(input.error);
  const report = fitMetadata({ error, context, reportedAt: new Date().toISOString() });
  ctx.logger.warn("exception reported as a job", { jobType: def.key, target, error, sender });

  const requestedData: JsonObject = sender ? { sender } : {};
  const recurredData: JsonObject = { ...(sender ? { sender } : {}), ...report };
  const { sql } = ctx;
  // A fresh row starts at occurrences = 1 and an updated one is at least 2:
  // that tells the two outcomes apart in the same statement. The DO UPDATE's
  // WHERE leaves a pending job past its expiry alone (no row comes back).
  const upsert = `WITH upserted AS (
      INSERT INTO ${sql.jobs} AS j (id, job_type, target_type, target_id, due_at, expires_at, metadata, created_at, updated_at)
      VALUES ($1::uuid, $2, $3, $4, now() + $5::float8 * interval '1 hour', now() + $6::float8 * interval '1 hour', $7::jsonb, now(), now())
      ON CONFLICT (job_type, target_type, target_id) WHERE status = 'pending'
      DO UPDATE SET occurrences = j.occurrences + 1, last_occurred_at = now(), updated_at = now()
        WHERE j.expires_at IS NULL OR j.expires_at > now()
      RETURNING *
    ), event AS (
      INSERT INTO ${sql.events} (job_id, kind, source, data)
      SELECT id,
             (CASE WHEN occurrences = 1 THEN 'requested' ELSE 'recurred' END)::${sql.enumType("job_event_kind")},
             'system',
             CASE WHEN occurrences = 1 THEN $8::jsonb ELSE $9::jsonb || jsonb_build_object('occurrence', occurrences) END
      FROM upserted
    )
    SELECT ${sql.columns()} FROM upserted`;
  const findPending = findPendingJobSql(sql);

  return withEmissions(ctx.signals, db, ["requested", "recurred", "expired"], async (q, emissions) => {
    for (let attempt = 1; attempt <= PENDING_JOB_ATTEMPTS; attempt++) {
      const [job] = await q.query<Job>(upsert, [
        uuidV7(),
        def.key,
        target.type,
        target.id,
        def.dueAfterHours ?? null,
        def.expiresAfterHours ?? null,
        JSON.stringify(report),
        JSON.stringify(requestedData),
        JSON.stringify(recurredData),
      ]);
      if (job) {
        const created = job.occurrences === 1;
        const actor = { id: null, source: "system" } as const;
        if (created) emissions.push({ signal: "requested", job, actor, data: requestedData });
        else emissions.push({ signal: "recurred", job, actor, data: { ...recurredData, occurrence: job.occurrences } });
        return { job, created, recurred: !created };
      }
      // The pending job is past its expiry: expire it, then report again.
      const [existing] = await q.query<Job>(findPending, [def.key, target.type, target.id]);
      // (expireJob compares with the database's clock, as the upsert did.)
      if (existing) {
        const expired = await expireJob(ctx, q, existing.id);
        if (expired) emissions.push(expired);
      }
    }
    throw new JobsError("conflict", "This job is changing too quickly to report to right now. Please try again.");
  });
}

function errorOf(err: unknown): { message: string } & JsonObject {
  if (err instanceof JobsError) return { name: err.name, code: err.code, message: err.message };
  if (err instanceof Error) {
    return { name: err.name, message: err.message, ...("code" in err && typeof err.code === "string" ? { code: err.code } : {}) };
  }
  return { name: "Error", message: String(err) };
}

/** A JSON object as JSON would carry it (its size is dealt with by fitMetadata, not refused). */
function jsonObject(check: InputCheck, field: string, value: unknown): JsonObject {
  if (value === undefined) return {};
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    check.problem(field, "Must be a JSON object.");
    return {};
  }
  try {
    return JSON.parse(JSON.stringify(value)) as JsonObject;
  } catch {
    check.problem(field, "Must be plain JSON (no BigInt or circular values).");
    return {};
  }
}

/** Keeps a report under the engine's metadata limit by shortening the message, then dropping the context. */
function fitMetadata(metadata: { error: { message: string } & JsonObject; context: JsonObject; reportedAt: string }): JsonObject {
  const size = (value: JsonValue) => Buffer.byteLength(JSON.stringify(value), "utf8");
  if (size(metadata) <= METADATA_MAX_BYTES) return metadata;
  const shorter = { ...metadata, error: { ...metadata.error, message: metadata.error.message.slice(0, 2000) } };
  if (size(shorter) <= METADATA_MAX_BYTES) return shorter;
  return { ...shorter, context: { note: "context too large to keep" } };
}
