"use client";

import { useMutationState } from "@tanstack/react-query";
import { useMemo } from "react";
import { MARK_ALL_READ_KEY } from "./use-mark-all-read";

function idsOf(variables: unknown): string[] {
  if (typeof variables !== "object" || variables === null) return [];
  if ("notificationId" in variables && typeof variables.notificationId === "string") return [variables.notificationId];
  if ("shownIds" in variables && Array.isArray(variables.shownIds))
    return variables.shownIds.filter((id): id is string => typeof id === "string");
  return [];
}

/**
 * The notifications this browser is marking read, or has marked read: what
 * the inbox shows as read before the server's fresh page arrives. A refused
 * mutation ends in error and drops out, which is the rollback. Reading is one
 * way (nothing marks a notification unread), so a finished mutation can keep
 * counting as read.
 */
export function useReadingNotifications(): { ids: ReadonlySet<string>; allPending: boolean } {
  const states = useMutationState({
    filters: { mutationKey: ["notifications"], predicate: (m) => m.state.status === "pending" || m.state.status === "success" },
    select: (m) => ({
      ids: idsOf(m.state.variables),
      all: m.options.mutationKey?.[1] === MARK_ALL_READ_KEY[1],
      pending: m.state.status === "pending",
    }),
  });
  return useMemo(() => ({ ids: new Set(states.flatMap((s) => s.ids)), allPending: states.some((s) => s.all && s.pending) }), [states]);
}
