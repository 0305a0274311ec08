"use client";

import { useMutation } from "@tanstack/react-query";
import { snoozeMyJobAction } from "@/app/(user)/todo/actions";
import { runAction } from "@/components/actions/run-action";

/** Not under ["todo"]: useFinishingJobs reads those as jobs being finished, and a snoozed job is not done. */
export const SNOOZE_JOB_KEY = ["todo-snooze"] as const;

export interface SnoozeJobVariables {
  jobId: string;
  /** null brings the job back now. */
  until: Date | null;
}

/** Snoozes (or wakes) one of the person's own jobs; the fresh list comes back with the action's answer. */
export function useSnoozeJob(options: { onSuccess?: (variables: SnoozeJobVariables) => void } = {}) {
  return useMutation({
    mutationKey: SNOOZE_JOB_KEY,
    mutationFn: (variables: SnoozeJobVariables) => runAction(() => snoozeMyJobAction(variables)),
    onSuccess: (_data, variables) => options.onSuccess?.(variables),
  });
}
