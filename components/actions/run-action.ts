import type { ActionError, ActionResult } from "@/lib/validation/action-result";

/** A server action that answered `{ ok: false }`, or could not be reached, as an error a mutation can roll back on. */
export class ActionFailedError extends Error {
  readonly error: ActionError;

  constructor(error: ActionError, options?: { cause?: unknown }) {
    super(error.message, options);
    this.name = "ActionFailedError";
    this.error = error;
  }
}

const UNREACHABLE = "We could not reach the server, so nothing was saved. Check your connection and try again.";

/**
 * Calls a server action and returns its data, or throws `ActionFailedError`
 * with the message meant for the person. TanStack Query mutations need a
 * rejected promise to know something failed; our actions answer instead of
 * throwing, so this turns one into the other.
 */
export async function runAction<T>(call: () => Promise<ActionResult<T>>): Promise<T> {
  let result: ActionResult<T>;
  try {
    result = await call();
  } catch (cause) {
    // The request itself failed (offline, server restarting): there is no answer to read.
    throw new ActionFailedError({ code: "internal", message: UNREACHABLE }, { cause });
  }
  if (!result.ok) throw new ActionFailedError(result.error);
  return result.data;
}

/** The message to show for a failed mutation. */
export function failureMessage(error: unknown): string {
  return error instanceof ActionFailedError ? error.error.message : UNREACHABLE;
}
