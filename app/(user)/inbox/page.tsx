import type { Metadata } from "next";
import Link from "next/link";
import { InboxList } from "@/components/notifications/inbox-list";
import { InboxPagination } from "@/components/notifications/inbox-pagination";
import { Alert } from "@/components/ui/alert";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { isAppError } from "@/lib/errors";
import { type InboxPage as Page, listInbox } from "@/lib/notifications";
import { myUnreadCount } from "@/lib/server/queries/my-unread-count";
import { db } from "@/lib/server/db";
import { requireUser } from "@/lib/server/session";

export const metadata: Metadata = { title: "Notifications" };

const PAGE_SIZE = 20;

interface InboxPageProps {
  searchParams: Promise<{ cursor?: string | string[] }>;
}

const olderHref = (cursor: string) => `/inbox?${new URLSearchParams({ cursor })}`;

export default async function InboxPage({ searchParams }: InboxPageProps) {
  const actor = await requireUser();
  const raw = (await searchParams).cursor;
  // A repeated parameter counts by its first value.
  const cursor = (Array.isArray(raw) ? raw[0] : raw) || undefined;

  let page: Page | null = null;
  let pageProblem: string | null = null;
  try {
    page = await listInbox(db, actor.id, { cursor, limit: PAGE_SIZE });
  } catch (error) {
    // A hand-edited or stale cursor is the person's to fix, not a server error.
    if (!isAppError(error) || error.code !== "invalid_input") throw error;
    pageProblem = error.userMessage;
  }
  // The header counted already in this request: this reads its answer.
  const unread = await myUnreadCount(actor.id);
  const now = new Date();

  return (
    <>
      <PageHeader title="Notifications">Everything we told you about, newest first, and what became of each job.</PageHeader>
      {pageProblem || !page ? (
        <Alert tone="error" title="This page of your notifications cannot be shown">
          <p>{pageProblem}</p>
          <Link href="/inbox" className="mt-2 inline-flex min-h-11 items-center font-medium underline underline-offset-2">
            Go to your newest notifications
          </Link>
        </Alert>
      ) : page.items.length === 0 ? (
        cursor ? (
          <EmptyState title="No older notifications">
            You have reached the end.{" "}
            <Link href="/inbox" className="font-medium text-indigo-700 underline underline-offset-2">
              Back to the newest
            </Link>
          </EmptyState>
        ) : (
          <EmptyState title="No notifications yet">
            When something needs you, or something you were waiting for happens, we will tell you here.{" "}
            <Link href="/settings/notifications" className="font-medium text-indigo-700 underline underline-offset-2">
              Email preferences
            </Link>
          </EmptyState>
        )
      ) : (
        <div className="flex flex-col gap-4">
          <InboxList items={page.items} now={now} unread={unread} />
          <InboxPagination newestHref={cursor ? "/inbox" : null} olderHref={page.nextCursor ? olderHref(page.nextCursor) : null} />
        </div>
      )}
    </>
  );
}
