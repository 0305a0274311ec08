import type { ErrorCode, FieldErrors } from "@/lib/errors";

// What every server action answers. Shared by the server (which builds it) and
// client components (which render it), so it lives outside lib/server.

export interface ActionError {
  code: ErrorCode;
  /** Safe to show: written for the person who clicked, never a raw exception. */
  message: string;
  /** Messages per field, keyed by the field's path ("email", "target.type"). */
  fieldErrors?: FieldErrors;
}

export type ActionResult<T> = { ok: true; data: T } | { ok: false; error: ActionError };

export function actionOk<T>(data: T): ActionResult<T> {
  return { ok: true, data };
}

export function actionError(code: ErrorCode, message: string, fieldErrors?: FieldErrors): ActionResult<never> {
  return { ok: false, error: fieldErrors ? { code, message, fieldErrors } : { code, message } };
}
