"use client";

import { useMutation } from "@tanstack/react-query";
import { dismissMyJobAction } from "@/app/(user)/todo/actions";
import { runAction } from "@/components/actions/run-action";

export const DISMISS_JOB_KEY = ["todo", "dismiss"] as const;

export interface DismissJobVariables {
  jobId: string;
  reason?: string;
}

/** Dismisses one of the person's own optional jobs, optimistically like useCompleteJob. */
export function useDismissJob(options: { onSuccess?: (variables: DismissJobVariables) => void } = {}) {
  return useMutation({
    mutationKey: DISMISS_JOB_KEY,
    mutationFn: (variables: DismissJobVariables) => runAction(() => dismissMyJobAction(variables)),
    onSuccess: (_data, variables) => options.onSuccess?.(variables),
  });
}
