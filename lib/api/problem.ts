import type { ZodError } from "zod";
import { type ErrorCode, HTTP_STATUS, isAppError } from "@/lib/errors";

// Every refusal of the HTTP API as RFC 9457 problem details
// (application/problem+json): a stable `code` for programs and a `detail`
// sentence that tells a person what to do.

export const PROBLEM_CONTENT_TYPE = "application/problem+json";

/** The API's own codes, beside lib/errors' ErrorCode. Stable: clients branch on them. */
export type ApiProblemCode =
  | ErrorCode
  | "malformed_json"
  | "validation_failed"
  | "unsupported_media_type"
  | "body_too_large"
  | "insufficient_scope"
  | "idempotency_key_reused"
  | "idempotency_key_invalid"
  | "method_not_allowed";

const TITLES: Partial<Record<ApiProblemCode, string>> = {
  malformed_json: "Malformed JSON",
  validation_failed: "Invalid request",
  unsupported_media_type: "Unsupported media type",
  body_too_large: "Request body too large",
  insufficient_scope: "Missing scope",
  idempotency_key_reused: "Idempotency key reused",
  idempotency_key_invalid: "Invalid idempotency key",
  unauthenticated: "Not authenticated",
  forbidden: "Forbidden",
  not_allowed: "Not allowed",
  not_found: "Not found",
  rate_limited: "Too many requests",
  internal: "Internal error",
};

/**
 * The status each engine or app error is answered with: lib/errors'
 * HTTP_STATUS, the one table, except where the API answers differently. A
 * well-formed request whose content is refused is 422 here, as the API's own
 * zod failures are (RFC 9110: the syntax was fine, the content was not); the
 * app's form routes keep 400.
 */
const STATUS_OF: Record<ErrorCode, number> = {
  ...HTTP_STATUS,
  invalid_input: 422,
  unknown_job_type: 422,
};

export interface ProblemField {
  /** A JSON Pointer into the body ("/target/type"), or the query parameter's name. */
  pointer: string;
  detail: string;
}

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: ApiProblemCode;
  instance?: string;
  errors?: ProblemField[];
}

export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    readonly code: ApiProblemCode,
    readonly detail: string,
    readonly extra: { errors?: ProblemField[]; headers?: Record<string, string> } = {},
  ) {
    super(detail);
    this.name = "ApiProblem";
  }
}

export function problemBody(status: number, code: ApiProblemCode, detail: string, instance?: string, errors?: ProblemField[]): Problem {
  const title = TITLES[code] ?? code.replaceAll("_", " ").replace(/^./, (c) => c.toUpperCase());
  return {
    type: `/api/v1/problems/${code}`,
    title,
    status,
    detail,
    code,
    ...(instance ? { instance } : {}),
    ...(errors?.length ? { errors } : {}),
  };
}

export function problemResponse(problem: Problem, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(problem), {
    status: problem.status,
    headers: { "Content-Type": PROBLEM_CONTENT_TYPE, "Cache-Control": "no-store", ...headers },
  });
}

/** A zod failure as 422 with one entry per field. */
export function validationProblem(error: ZodError, where: "body" | "query" | "path"): ApiProblem {
  const errors = error.issues.map((issue) => ({
    pointer:
      where === "body"
        ? `/${issue.path.map((p) => String(p).replaceAll("~", "~0").replaceAll("/", "~1")).join("/")}`
        : issue.path.join(".") || where,
    detail:
      issue.code === "unrecognized_keys"
        ? `Unknown field${issue.keys.length > 1 ? "s" : ""} ${issue.keys.map((k) => `"${k}"`).join(", ")}: remove ${issue.keys.length > 1 ? "them" : "it"}.`
        : issue.message,
  }));
  const detail =
    errors.length === 1
      ? errors[0]!.detail
      : `The ${where === "body" ? "request body" : where === "query" ? "query" : "path"} has ${errors.length} problems; see errors.`;
  return new ApiProblem(where === "path" ? 404 : 422, "validation_failed", detail, { errors });
}

/** An error thrown by the engine or a command, as the problem to answer; null for an unexpected one. */
export function problemOf(error: unknown): ApiProblem | null {
  if (error instanceof ApiProblem) return error;
  if (isAppError(error) && error.code !== "internal") {
    const errors = error.fieldErrors
      ? Object.entries(error.fieldErrors).flatMap(([field, messages]) =>
          messages.map((detail) => ({ pointer: `/${field.replaceAll(".", "/")}`, detail })),
        )
      : undefined;
    return new ApiProblem(STATUS_OF[error.code], error.code, error.userMessage, { errors });
  }
  return null;
}
