/** Stable codes a host can switch on; the message is for people. */
export type JobsErrorCode =
  | "invalid_input"
  | "unknown_job_type"
  | "duplicate_pending_job"
  | "not_found"
  | "job_completed"
  | "job_cancelled"
  | "job_expired"
  | "not_allowed"
  | "conflict"
  | "schema_not_migrated"
  | "schema_too_new";

export interface JobsErrorOptions {
  /** Per-field messages for bad input (`target.type`, `expiresAt`…). */
  fieldErrors?: Record<string, string[]>;
  /** Detail for logs, never for people (ids, keys). */
  internal?: string;
  cause?: unknown;
}

/**
 * The one error the engine throws on purpose. `message` can be shown to a
 * person as is; `code` is stable across versions. Anything else that escapes
 * (a lost connection, a database error) is the driver's own error, unchanged.
 */
export class JobsError extends Error {
  override readonly name = "JobsError";
  readonly fieldErrors?: Record<string, string[]>;
  readonly internal?: string;

  constructor(
    readonly code: JobsErrorCode,
    message: string,
    options: JobsErrorOptions = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    if (options.fieldErrors) this.fieldErrors = options.fieldErrors;
    if (options.internal) this.internal = options.internal;
  }
}

/** True for a JobsError, with `code` narrowed when given. */
export function isJobsError(error: unknown, code?: JobsErrorCode): error is JobsError {
  return error instanceof JobsError && (code === undefined || error.code === code);
}
