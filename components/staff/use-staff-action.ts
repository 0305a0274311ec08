import { useCallback, useState, useTransition } from "react";
import { ActionFailedError, runAction } from "@/components/actions/run-action";
import type { ActionError, ActionResult } from "@/lib/validation/action-result";

/**
 * Runs a staff server action: `pending` while it runs, the refusal (if any) in
 * `error` (an unreachable server included, as runAction words it). On success
 * the action's response already carries the page rendered afresh (the actions
 * refresh it on the server), so the table shows the change.
 */
export function useStaffAction() {
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<ActionError | null>(null);

  const run = useCallback(<T>(action: () => Promise<ActionResult<T>>, onSuccess?: (data: T) => void) => {
    setError(null);
    startTransition(async () => {
      try {
        onSuccess?.(await runAction(action));
      } catch (failure) {
        if (!(failure instanceof ActionFailedError)) throw failure;
        setError(failure.error);
      }
    });
  }, []);

  return { pending, error, run, clearError: useCallback(() => setError(null), []) };
}
