"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import type { ActionResult } from "@/lib/validation/action-result";

/** The bell's count in the query cache; the inbox's mutations update it optimistically. */
export const UNREAD_COUNT_KEY = ["notifications", "unread-count"] as const;

/** The session ended: asking again will not help until the person signs in. */
export class SignedOutError extends Error {
  constructor() {
    super("signed out");
    this.name = "SignedOutError";
  }
}

async function fetchUnreadCount(): Promise<number> {
  const response = await fetch("/api/notifications/unread", { headers: { Accept: "application/json" }, cache: "no-store" });
  if (response.status === 401) throw new SignedOutError();
  const body = (await response.json()) as ActionResult<{ unread: number }>;
  if (!body.ok) throw new Error(`unread count: ${body.error.code}`);
  return body.data.unread;
}

export interface UseUnreadCountOptions {
  /** The count the server rendered the page with; null when it could not count. */
  initialCount: number | null;
  /** When the server counted (ms since the epoch), so the cache can tell which count is newer. */
  countedAt: number;
}

/**
 * The signed-in person's unread notifications: the server's count first, then
 * refreshed when the window regains focus and every 30 seconds while the tab
 * is visible. Stops asking once the answer is "signed out".
 */
export function useUnreadCount({ initialCount, countedAt }: UseUnreadCountOptions) {
  const queryClient = useQueryClient();
  const query = useQuery({
    queryKey: UNREAD_COUNT_KEY,
    queryFn: fetchUnreadCount,
    initialData: initialCount ?? undefined,
    initialDataUpdatedAt: countedAt,
    staleTime: 10_000,
    refetchOnWindowFocus: true,
    refetchInterval: (q) => (q.state.error instanceof SignedOutError ? false : 30_000),
    retry: (failures, error) => !(error instanceof SignedOutError) && failures < 2,
  });

  // The layout is rendered again after a server action revalidates (marking
  // read) or a full page load: a count newer than the cache's replaces it.
  useEffect(() => {
    if (initialCount === null) return;
    const current = queryClient.getQueryState(UNREAD_COUNT_KEY);
    if (!current || current.dataUpdatedAt < countedAt) queryClient.setQueryData(UNREAD_COUNT_KEY, initialCount, { updatedAt: countedAt });
  }, [queryClient, initialCount, countedAt]);

  return query;
}
