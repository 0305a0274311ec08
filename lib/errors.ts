// One error type for everything a person may be told about. `message` is for
// logs; `userMessage` is safe to show in the browser. Codes become HTTP statuses
// or action results only at the edge (lib/server).

export const ERROR_CODES = [
  "invalid_input",
  "unknown_job_type",
  "not_found",
  "job_expired",
  "job_cancelled",
  "job_completed",
  "duplicate_pending_job",
  "not_allowed",
  "unauthenticated",
  "forbidden",
  "conflict",
  "rate_limited",
  "internal",
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export type FieldErrors = Record<string, string[]>;

export interface AppErrorOptions {
  /** Detail for logs only; defaults to the user message. */
  internal?: string;
  fieldErrors?: FieldErrors;
  cause?: unknown;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly userMessage: string;
  readonly fieldErrors?: FieldErrors;

  constructor(code: ErrorCode, userMessage: string, options: AppErrorOptions = {}) {
    super(options.internal ?? userMessage, { cause: options.cause });
    this.name = "AppError";
    this.code = code;
    this.userMessage = userMessage;
    this.fieldErrors = options.fieldErrors;
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}

/** The HTTP status of each code, for every route; /api/v1 overrides only what it answers differently (lib/api/problem.ts). */
export const HTTP_STATUS: Record<ErrorCode, number> = {
  invalid_input: 400,
  unknown_job_type: 400,
  not_found: 404,
  job_expired: 409,
  job_cancelled: 409,
  job_completed: 409,
  duplicate_pending_job: 409,
  not_allowed: 403,
  unauthenticated: 401,
  forbidden: 403,
  conflict: 409,
  rate_limited: 429,
  internal: 500,
};
