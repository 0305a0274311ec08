import "server-only";
import type { z } from "zod";
import { isAppError } from "@/lib/errors";
import { log } from "@/lib/log";
import type { ActionError } from "@/lib/validation/action-result";
import { fieldErrors } from "@/lib/validation/field-errors";

const GENERIC_FAILURE = "Something went wrong on our side. Please try again in a moment.";

/**
 * What a form shows for a failed call: an AppError's own message and field
 * errors, anything else logged (as `what` failed) and answered generically,
 * so no internal detail reaches the page.
 */
export function formError(error: unknown, what: string): ActionError {
  if (isAppError(error)) return { code: error.code, message: error.userMessage, fieldErrors: error.fieldErrors };
  log.error(`${what} failed`, { error });
  return { code: "internal", message: GENERIC_FAILURE };
}

/** A form's input the schema refused: each field's messages, shown next to it. */
export function invalidFormInput(error: z.ZodError): ActionError {
  return { code: "invalid_input", message: "Please correct the fields marked below.", fieldErrors: fieldErrors(error) };
}
