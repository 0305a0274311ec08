"use client";

import { useMutation } from "@tanstack/react-query";
import { completeMyJobAction } from "@/app/(user)/todo/actions";
import { runAction } from "@/components/actions/run-action";

export const COMPLETE_JOB_KEY = ["todo", "complete"] as const;

export interface CompleteJobVariables {
  jobId: string;
}

/**
 * Ticks off one of the person's own jobs. Optimistic through the UI: while
 * the mutation is pending or has succeeded, the row and the progress read it
 * as done (see useFinishingJobs); when the server refuses, the mutation ends
 * in error, so both fall back by themselves and the row shows why.
 * `onSuccess` is given here rather than to mutate() so it still runs when the
 * row has already left the list.
 */
export function useCompleteJob(options: { onSuccess?: (variables: CompleteJobVariables) => void } = {}) {
  return useMutation({
    mutationKey: COMPLETE_JOB_KEY,
    mutationFn: (variables: CompleteJobVariables) => runAction(() => completeMyJobAction(variables)),
    onSuccess: (_data, variables) => options.onSuccess?.(variables),
  });
}
