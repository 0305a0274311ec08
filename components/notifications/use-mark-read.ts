"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { markNotificationReadAction } from "@/app/(user)/inbox/actions";
import { runAction } from "@/components/actions/run-action";
import { UNREAD_COUNT_KEY } from "./use-unread-count";

export const MARK_READ_KEY = ["notifications", "mark-read"] as const;

export interface MarkReadVariables {
  /** One the bell counts now (neither read nor resolved): the count drops by one at once. */
  notificationId: string;
}

/**
 * Marks one notification read. Optimistic: the item reads as read while this
 * is pending or done (see useReadingNotifications) and the bell drops by one
 * at once; if the server refuses, the bell's count is put back, the item falls
 * back to unread and the mutation's error says why.
 */
export function useMarkRead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationKey: MARK_READ_KEY,
    mutationFn: ({ notificationId }: MarkReadVariables) => runAction(() => markNotificationReadAction({ notificationId })),
    onMutate: async () => {
      await queryClient.cancelQueries({ queryKey: UNREAD_COUNT_KEY });
      const previous = queryClient.getQueryData<number>(UNREAD_COUNT_KEY);
      if (previous !== undefined) queryClient.setQueryData(UNREAD_COUNT_KEY, Math.max(0, previous - 1));
      return { previous };
    },
    onError: (_error, _variables, context) => {
      if (context?.previous !== undefined) queryClient.setQueryData(UNREAD_COUNT_KEY, context.previous);
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: UNREAD_COUNT_KEY }),
  });
}
