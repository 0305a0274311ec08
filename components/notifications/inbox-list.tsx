"use client";

import Link from "next/link";
import { useState } from "react";
import { failureMessage } from "@/components/actions/run-action";
import { useHydrated } from "@/components/actions/use-hydrated";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import type { InboxItem as Item } from "@/lib/notifications";
import { InboxItem } from "./inbox-item";
import { useMarkAllRead } from "./use-mark-all-read";
import { useReadingNotifications } from "./use-reading-notifications";
import { useUnreadCount } from "./use-unread-count";

export interface InboxListProps {
  /** One page of the inbox, newest first. */
  items: Item[];
  /** When the server rendered the page. */
  now: Date;
  /** The person's unread count as the server rendered it (all pages, not just this one). */
  unread: number | null;
}

/**
 * The inbox's body: how many are unread, "Mark all as read", and the
 * notifications. Marking read is optimistic (see useMarkRead and
 * useMarkAllRead); a refusal puts things back and says why above the list.
 */
export function InboxList({ items, now, unread: serverUnread }: InboxListProps) {
  const reading = useReadingNotifications();
  const markAll = useMarkAllRead();
  const { data: unread } = useUnreadCount({ initialCount: serverUnread, countedAt: now.getTime() });
  const [announcement, setAnnouncement] = useState("");
  const hydrated = useHydrated();

  const unreadShown = items.filter((i) => i.readAt === null && i.resolvedAt === null && !reading.ids.has(i.id));
  const nothingUnread = unread === 0 && unreadShown.length === 0;

  function markAllRead() {
    // aria-disabled rather than disabled: focus stays on the button.
    if (nothingUnread || markAll.isPending) return;
    markAll.mutate({ shownIds: items.map((i) => i.id) }, { onSuccess: () => setAnnouncement("All notifications marked as read.") });
  }

  return (
    <div className="flex flex-col gap-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <p className="text-sm font-medium text-slate-700">
          {unread === undefined ? "" : unread === 0 ? "Nothing unread" : `${unread} unread`}
        </p>
        <div className="flex flex-wrap items-center gap-2">
          <Button
            variant="secondary"
            disabled={!hydrated}
            // Not `pending`, which disables the button and drops keyboard focus; busy is said instead.
            aria-disabled={nothingUnread || undefined}
            aria-busy={markAll.isPending || undefined}
            onClick={markAllRead}
            className={nothingUnread ? "cursor-not-allowed text-slate-500" : undefined}
          >
            {markAll.isPending ? "Marking all as read…" : "Mark all as read"}
          </Button>
          <Link
            href="/settings/notifications"
            className="inline-flex min-h-11 items-center rounded-md px-3 text-sm font-medium text-indigo-700 underline underline-offset-2 hover:bg-slate-100"
          >
            Email preferences
          </Link>
        </div>
      </div>
      <p role="status" className="sr-only">
        {announcement}
      </p>
      {markAll.isError && <Alert tone="error">We could not mark your notifications as read. {failureMessage(markAll.error)}</Alert>}
      <ul aria-label="Notifications" className="flex flex-col gap-3">
        {items.map((item) => (
          <InboxItem key={item.id} item={item} readHere={reading.ids.has(item.id)} now={now} onRead={setAnnouncement} />
        ))}
      </ul>
    </div>
  );
}
