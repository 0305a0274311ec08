"use client";

import { TimeAgo } from "@/components/ui/time-ago";
import Link from "next/link";
import { useId, useRef } from "react";
import { failureMessage } from "@/components/actions/run-action";
import { useHydrated } from "@/components/actions/use-hydrated";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import type { InboxItem as Item } from "@/lib/notifications";
import { useMarkRead } from "./use-mark-read";

export interface InboxItemProps {
  item: Item;
  /** Marked read in this browser (pending or done): shown as read before the server says so. */
  readHere: boolean;
  /** When the server rendered the page; times are counted from it so server and browser agree. */
  now: Date;
  /** Told when the server has accepted "mark as read", with a sentence to announce. */
  onRead: (message: string) => void;
}

/** What became of the job, in words (never colour alone). Null while it is still to do. */
function outcome(item: Item): { label: string; done: boolean } | null {
  if (item.kind === "expired") return { label: "It ran out of time", done: false };
  if (!item.resolvedAt && item.job.status === "pending") return null;
  switch (item.job.status) {
    case "completed":
      return { label: "Done: completed after you were notified", done: true };
    case "cancelled":
      return { label: "No longer needed: it was cancelled", done: false };
    case "expired":
      return { label: "No longer needed: it expired", done: false };
    default:
      return { label: "No longer needed", done: false };
  }
}

/**
 * One notification: what it says, its job and where that is done, and its
 * state in words. Unread ones say "Unread" and have a "Mark as read" button;
 * opening the job marks it read too.
 */
export function InboxItem({ item, readHere, now, onRead }: InboxItemProps) {
  const markRead = useMarkRead();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const id = useId();
  const hydrated = useHydrated();

  // As the bell counts: neither read nor resolved. A notification whose job
  // finished is shown as done instead; there is nothing left to read it for.
  const unread = item.readAt === null && item.resolvedAt === null && !readHere;
  const result = outcome(item);
  const openHref = item.job.status === "pending" && item.kind !== "expired" ? item.job.href : null;

  function read(announce: boolean) {
    if (!unread) return;
    markRead.mutate({ notificationId: item.id }, { onSuccess: () => announce && onRead(`“${item.title}” marked as read.`) });
  }

  return (
    <li
      className={cn(
        "rounded-lg border bg-white p-4 shadow-sm sm:p-5",
        unread ? "border-indigo-300" : "border-slate-200",
        markRead.isError && "border-red-300",
      )}
    >
      <article aria-labelledby={`${id}-title`} className="flex items-start gap-3">
        {/* The dot repeats the "Unread" word for sighted people; the word is what counts. */}
        <span aria-hidden="true" className={cn("mt-2 size-2.5 shrink-0 rounded-full", unread ? "bg-indigo-600" : "bg-transparent")} />
        <div className="min-w-0 flex-1">
          <div className="flex flex-wrap items-center gap-x-2 gap-y-1">
            {unread && (
              <span className="rounded bg-indigo-100 px-1.5 py-0.5 text-xs font-semibold uppercase tracking-wide text-indigo-900">
                Unread
              </span>
            )}
            <h2
              ref={headingRef}
              id={`${id}-title`}
              tabIndex={-1}
              className={cn("text-base text-slate-900 focus:outline-none", unread ? "font-semibold" : "font-medium")}
            >
              {item.title}
            </h2>
          </div>
          <p className="mt-1 text-sm text-slate-700">{item.body}</p>
          <p className="mt-2 flex flex-wrap gap-x-2 gap-y-1 text-sm text-slate-600">
            <span>
              Job: <span className="font-medium text-slate-800">{item.job.title}</span>
            </span>
            <span aria-hidden="true">·</span>
            <TimeAgo date={item.createdAt} now={now} />
          </p>
          {result && (
            <p
              className={cn(
                "mt-2 inline-flex items-center gap-1.5 text-sm font-medium",
                result.done ? "text-emerald-800" : "text-slate-700",
              )}
            >
              <svg aria-hidden="true" viewBox="0 0 20 20" className="size-4" fill="currentColor">
                {result.done ? (
                  <path
                    fillRule="evenodd"
                    d="M16.7 5.3a1 1 0 0 1 0 1.4l-8 8a1 1 0 0 1-1.4 0l-4-4a1 1 0 1 1 1.4-1.4L8 12.6l7.3-7.3a1 1 0 0 1 1.4 0Z"
                    clipRule="evenodd"
                  />
                ) : (
                  <path fillRule="evenodd" d="M4 10a1 1 0 0 1 1-1h10a1 1 0 1 1 0 2H5a1 1 0 0 1-1-1Z" clipRule="evenodd" />
                )}
              </svg>
              {result.label}
            </p>
          )}

          {(openHref || unread) && (
            <div className="mt-3 flex flex-wrap gap-2">
              {openHref && (
                <Link
                  href={openHref}
                  onClick={() => read(false)}
                  // The visible word starts the name (voice control); the job's title says which.
                  aria-label={`Open: ${item.job.title}`}
                  className="inline-flex min-h-11 items-center rounded-md bg-indigo-600 px-4 text-sm font-medium text-white hover:bg-indigo-700"
                >
                  Open
                </Link>
              )}
              {unread && (
                <Button
                  variant="secondary"
                  disabled={!hydrated}
                  // The visible words start the name; the title says which (an sr-only span would be read with a stray space).
                  aria-label={`Mark as read: ${item.title}`}
                  onClick={() => {
                    read(true);
                    // The button goes away as the item turns read: keep focus on this notification.
                    headingRef.current?.focus();
                  }}
                >
                  Mark as read
                </Button>
              )}
            </div>
          )}
          {markRead.isError && (
            <Alert tone="error" className="mt-3">
              We could not mark “{item.title}” as read. {failureMessage(markRead.error)}
            </Alert>
          )}
        </div>
      </article>
    </li>
  );
}
