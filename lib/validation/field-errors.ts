import type { z } from "zod";
import type { FieldErrors } from "@/lib/errors";

/**
 * A zod error as messages per field path ("email", "target.type"); problems
 * with the whole input go under "_". Nested paths are kept, unlike zod's
 * flattenError, so a nested field can show its own message.
 */
export function fieldErrors(error: z.ZodError): FieldErrors {
  const result: FieldErrors = {};
  for (const issue of error.issues) {
    const key = issue.path.map(String).join(".") || "_";
    (result[key] ??= []).push(issue.message);
  }
  return result;
}
