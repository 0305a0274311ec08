import type { Database } from "./database.js";
import type { EngineContext } from "./engine-context.js";
import { JobsError } from "./jobs-error.js";
import { jobRequested, type JobRequestedResult } from "./request-job.js";
import type { JsonObject, JsonValue, Target } from "./types.js";
import { METADATA_MAX_BYTES } from "./validate.js";

export interface ReportExceptionInput<K extends string = string> {
  /** The job type whose queue a person will pick this up from. */
  jobType: K;
  /** What went wrong is about this (the user who uploaded, the invite that bounced). */
  target: Target;
  error: unknown;
  /** What a person needs to act: file name, address, limits… */
  context?: JsonObject;
  /** The code that reports, recorded on the job's "requested" event. */
  sender: string;
}

/**
 * Turns a handled failure that needs a human into a job instead of a log
 * line. Idempotent per target and type: the same problem reported again while
 * its job is pending does not open a second one. The error's name, code and
 * message and the context go into the job's metadata, trimmed to fit 16 KB.
 */
export async function reportException(ctx: EngineContext, db: Database, input: ReportExceptionInput): Promise<JobRequestedResult> {
  const err = input.error;
  const error: { message: string } & JsonObject =
    err instanceof JobsError
      ? { name: err.name, code: err.code, message: err.message }
      : err instanceof Error
        ? { name: err.name, message: err.message, ...("code" in err && typeof err.code === "string" ? { code: err.code } : {}) }
        : { name: "Error", message: String(err) };
  const metadata = fitMetadata({ error, context: input.context ?? {}, reportedAt: new Date().toISOString() });
  ctx.logger.warn("exception reported as a job", { jobType: input.jobType, target: input.target, error, sender: input.sender });
  return jobRequested(ctx, db, { target: input.target, jobType: input.jobType, metadata, idempotent: true, sender: input.sender });
}

/** Keeps metadata under the engine's limit by shortening the message, then dropping the context. */
function fitMetadata(metadata: { error: { message: string } & JsonObject; context: JsonObject; reportedAt: string }): JsonObject {
  const size = (value: JsonValue) => Buffer.byteLength(JSON.stringify(value), "utf8");
  if (size(metadata) <= METADATA_MAX_BYTES) return metadata;
  const shorter = { ...metadata, error: { ...metadata.error, message: metadata.error.message.slice(0, 2000) } };
  if (size(shorter) <= METADATA_MAX_BYTES) return shorter;
  return { ...shorter, context: { note: "context too large to keep" } };
}
