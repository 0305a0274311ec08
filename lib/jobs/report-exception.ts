import type { Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { log } from "@/lib/log";
import { jobTypes } from "./job-types";
import { jobRequested, type JobRequestedResult } from "./request-job";
import type { JsonObject, Target } from "./types";
import { METADATA_MAX_BYTES } from "./validation";

export interface ReportExceptionInput {
  /** A staff job type: the queue where a person will pick this up. */
  jobType: string;
  /** What went wrong is about this (the user who uploaded, the invite that bounced). */
  target: Target;
  error: unknown;
  /** What a person needs to act: file name, address, limits… */
  context?: JsonObject;
  /** The code that reports, recorded on the job's "requested" event. */
  sender: string;
}

/**
 * Turns a handled failure that needs a human into a staff job instead of a log
 * line. Idempotent per target and type: the same problem reported again while
 * its job is pending does not open a second one. The error's name and message
 * and the context go into the job's metadata (trimmed to fit its 16 KB limit).
 */
export async function reportException(db: Db, input: ReportExceptionInput): Promise<JobRequestedResult> {
  const def = jobTypes.require(input.jobType);
  if (def.audience !== "staff") {
    throw new AppError("invalid_input", `Exceptions go to staff queues; "${def.key}" is a ${def.audience} job type.`);
  }
  const error: { message: string } & JsonObject =
    input.error instanceof AppError
      ? { name: input.error.name, code: input.error.code, message: input.error.userMessage }
      : input.error instanceof Error
        ? { name: input.error.name, message: input.error.message }
        : { name: "Error", message: String(input.error) };
  const metadata = fitMetadata({ error, context: input.context ?? {}, reportedAt: new Date().toISOString() });
  log.warn("exception reported to a staff queue", { jobType: def.key, target: input.target, error, sender: input.sender });
  return jobRequested(db, { target: input.target, jobType: def.key, metadata, idempotent: true, sender: input.sender });
}

/** Keeps metadata under the engine's limit by shortening the message, then dropping the context. */
function fitMetadata(metadata: { error: { message: string } & JsonObject; context: JsonObject; reportedAt: string }): JsonObject {
  const size = (value: unknown) => Buffer.byteLength(JSON.stringify(value), "utf8");
  if (size(metadata) <= METADATA_MAX_BYTES) return metadata;
  const shorter = { ...metadata, error: { ...metadata.error, message: metadata.error.message.slice(0, 2000) } };
  if (size(shorter) <= METADATA_MAX_BYTES) return shorter;
  return { ...shorter, context: { note: "context too large to keep" } };
}
