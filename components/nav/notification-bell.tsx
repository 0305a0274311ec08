"use client";

import { useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { useEffect, useRef } from "react";
import { cn } from "@/components/ui/cn";
import { UNREAD_COUNT_KEY, useUnreadCount, type UseUnreadCountOptions } from "@/components/notifications/use-unread-count";

export interface NotificationBellProps extends UseUnreadCountOptions {
  className?: string;
}

/** What a screen reader says, and voice control users can say: it starts with the visible meaning. */
function accessibleName(count: number | undefined): string {
  if (count === undefined) return "Notifications";
  return count === 0 ? "Notifications, none unread" : `Notifications, ${count} unread`;
}

/** The bell in the site header: a link to the inbox with the unread count. */
export function NotificationBell({ initialCount, countedAt, className }: NotificationBellProps) {
  const pathname = usePathname();
  const queryClient = useQueryClient();
  const { data: count } = useUnreadCount({ initialCount, countedAt });

  // Asked again after every client navigation: the layout, which counted,
  // is not rendered again then. Not on the first render: the server has just
  // counted for this very page (a page that changes the count while it
  // renders says so with <UnreadCountChanged />). Both bells share one
  // request (cancelRefetch: false joins one in flight).
  const countedFor = useRef(pathname);
  useEffect(() => {
    if (countedFor.current === pathname) return;
    countedFor.current = pathname;
    void queryClient.invalidateQueries({ queryKey: UNREAD_COUNT_KEY }, { cancelRefetch: false });
  }, [queryClient, pathname]);
  const current = pathname === "/inbox";
  return (
    <Link
      href="/inbox"
      aria-label={accessibleName(count)}
      aria-current={current ? "page" : undefined}
      className={cn(
        "relative size-11 shrink-0 items-center justify-center rounded-md",
        current ? "bg-indigo-50 text-indigo-800" : "text-slate-700 hover:bg-slate-100",
        className,
      )}
    >
      <svg
        aria-hidden="true"
        viewBox="0 0 24 24"
        className="size-6"
        fill="none"
        stroke="currentColor"
        strokeWidth="2"
        strokeLinecap="round"
        strokeLinejoin="round"
      >
        <path d="M6 8a6 6 0 1 1 12 0c0 7 3 9 3 9H3s3-2 3-9" />
        <path d="M10.3 21a1.94 1.94 0 0 0 3.4 0" />
      </svg>
      {count !== undefined && count > 0 && (
        // The number is part of the link's name already; shown, not read twice.
        <span
          aria-hidden="true"
          className="absolute right-0 top-0 min-w-5 rounded-full bg-red-700 px-1 text-center text-xs font-semibold leading-5 text-white ring-2 ring-white"
        >
          {count > 99 ? "99+" : count}
        </span>
      )}
    </Link>
  );
}
