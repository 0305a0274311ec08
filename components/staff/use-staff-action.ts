import { useCallback, useState, useTransition } from "react";
import type { ActionError, ActionResult } from "@/lib/validation/action-result";

const UNREACHABLE: ActionError = { code: "internal", message: "We could not reach the server. Check your connection and try again." };

/**
 * Runs a staff server action: `pending` while it runs, the refusal (if any) in
 * `error`. On success the action's response already carries the page rendered
 * afresh (the actions refresh it on the server), so the table shows the change.
 */
export function useStaffAction() {
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<ActionError | null>(null);

  const run = useCallback(
    <T>(action: () => Promise<ActionResult<T>>, onSuccess?: (data: T) => void) => {
      setError(null);
      startTransition(async () => {
        let result: ActionResult<T>;
        try {
          result = await action();
        } catch {
          // The request itself failed (offline, server gone): there is no
          // result to read, and the server logged nothing. Say so plainly.
          setError(UNREACHABLE);
          return;
        }
        if (!result.ok) {
          setError(result.error);
          return;
        }
        onSuccess?.(result.data);
      });
    },
    [],
  );

  return { pending, error, run, clearError: useCallback(() => setError(null), []) };
}
