"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { markAllNotificationsReadAction } from "@/app/(user)/inbox/actions";
import { runAction } from "@/components/actions/run-action";
import { UNREAD_COUNT_KEY } from "./use-unread-count";

export const MARK_ALL_READ_KEY = ["notifications", "mark-all-read"] as const;

export interface MarkAllReadVariables {
  /**
   * The notifications on screen when the person pressed the button: the ones
   * shown as read at once. Not sent: the server marks every unread one.
   */
  shownIds: string[];
}

/** "Mark all as read", optimistic like useMarkRead: the bell shows none at once and gets its count back if the server refuses. */
export function useMarkAllRead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationKey: MARK_ALL_READ_KEY,
    mutationFn: (_variables: MarkAllReadVariables) => runAction(() => markAllNotificationsReadAction({})),
    onMutate: async () => {
      await queryClient.cancelQueries({ queryKey: UNREAD_COUNT_KEY });
      const previous = queryClient.getQueryData<number>(UNREAD_COUNT_KEY);
      queryClient.setQueryData(UNREAD_COUNT_KEY, 0);
      return { previous };
    },
    onError: (_error, _variables, context) => {
      if (context?.previous !== undefined) queryClient.setQueryData(UNREAD_COUNT_KEY, context.previous);
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: UNREAD_COUNT_KEY }),
  });
}
