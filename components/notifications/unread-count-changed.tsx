"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import { UNREAD_COUNT_KEY } from "./use-unread-count";

/**
 * Rendered by a page that changed the unread count while it rendered (opening
 * the verify-email link resolves its notifications): the header counted beside
 * it, possibly before the change, so the bell asks again once the page is shown.
 */
export function UnreadCountChanged() {
  const queryClient = useQueryClient();
  useEffect(() => {
    void queryClient.invalidateQueries({ queryKey: UNREAD_COUNT_KEY }, { cancelRefetch: false });
  }, [queryClient]);
  return null;
}
