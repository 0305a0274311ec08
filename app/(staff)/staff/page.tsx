import { formatDistanceStrict } from "date-fns";
import type { Metadata } from "next";
import Link from "next/link";
import { LiveUpdates } from "@/components/live/live-updates";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { queueHref } from "@/components/staff/queue-href";
import { savedViewHref } from "@/components/staff/saved-view-href";
import { type SavedViewItem, SavedViewList } from "@/components/staff/saved-view-list";
import { AREA_ROLES } from "@/lib/auth/roles";
import { db } from "@/lib/server/db";
import { listSavedViews, SAVED_VIEW_COUNT_CAP, viewParams } from "@/lib/server/queries/saved-views";
import { breachesToday, countEscalated } from "@/lib/server/queries/staff-escalations";
import { queueOverview } from "@/lib/server/queries/staff-queue";
import { requireRole } from "@/lib/server/session";

export const metadata: Metadata = { title: "Staff queues" };

export default async function StaffPage() {
  const actor = await requireRole(...AREA_ROLES.staff);
  const [queues, savedViews] = await Promise.all([queueOverview(db), listSavedViews(db, actor.id)]);
  const views: SavedViewItem[] = savedViews.map((view) => ({
    id: view.id,
    name: view.name,
    queueTitle: view.queueTitle,
    href: view.view.ok ? savedViewHref(view.jobType, viewParams(view.view.filters)) : null,
    count: view.count,
    countCap: SAVED_VIEW_COUNT_CAP,
    shared: view.shared,
    mine: view.mine,
    ownerName: view.ownerName,
    problem: view.view.ok ? null : view.view.problem,
  }));
  const [breaches, escalated] = await Promise.all([breachesToday(db), countEscalated(db)]);
  const total = queues.reduce((sum, queue) => sum + queue.pending, 0);
  const now = new Date();

  return (
    <>
      <PageHeader title="Staff queues">Jobs waiting for staff, by kind. Open a queue to claim and resolve them.</PageHeader>
      <LiveUpdates scope="staff" className="-mt-4 mb-4" />
      <p className="mb-4 text-sm text-slate-700">
        <Link href="/staff/escalations" className="font-medium text-indigo-700 underline underline-offset-2 hover:text-indigo-900">
          Escalation queue
        </Link>
        :{" "}
        {escalated === 0
          ? "nothing has missed its service level."
          : `${escalated} pending ${escalated === 1 ? "job has" : "jobs have"} missed their service level.`}
      </p>
      {total === 0 && (
        <div className="mb-4">
          <EmptyState title="All clear">Nothing is waiting in any staff queue right now.</EmptyState>
        </div>
      )}
      <ul className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
        {queues.map((queue) => (
          <Card as="li" key={queue.jobType} aria-labelledby={`queue-${queue.jobType}`} className="flex flex-col">
            <h2 id={`queue-${queue.jobType}`} className="font-medium text-slate-900">
              <Link href={queueHref(queue.jobType)} className="text-indigo-700 underline underline-offset-2 hover:text-indigo-900">
                {queue.title}
              </Link>
            </h2>
            <p className="mt-1 text-sm text-slate-600">{queue.description}</p>
            <dl className="mt-4 grid grid-cols-2 gap-3 text-sm">
              <div>
                <dt className="text-slate-600">Pending</dt>
                <dd className="text-2xl font-semibold text-slate-900">{queue.pending}</dd>
              </div>
              <div>
                <dt className="text-slate-600">Unassigned</dt>
                <dd className="text-2xl font-semibold text-slate-900">
                  {queue.unassigned > 0 ? (
                    <Link
                      href={queueHref(queue.jobType, { assigned: "unassigned" })}
                      className="text-indigo-700 underline underline-offset-2 hover:text-indigo-900"
                    >
                      {queue.unassigned}
                    </Link>
                  ) : (
                    0
                  )}
                </dd>
              </div>
              <div>
                <dt className="text-slate-600">Past due</dt>
                <dd className={queue.pastDue > 0 ? "text-2xl font-semibold text-red-800" : "text-2xl font-semibold text-slate-900"}>
                  {queue.pastDue}
                  {queue.pastDue > 0 && (
                    <span aria-hidden="true" className="ml-1 text-base">
                      ⚠
                    </span>
                  )}
                </dd>
              </div>
              <div>
                <dt className="text-slate-600">SLA breaches today</dt>
                <dd
                  className={
                    (breaches.get(queue.jobType) ?? 0) > 0 ? "text-2xl font-semibold text-red-800" : "text-2xl font-semibold text-slate-900"
                  }
                >
                  {breaches.get(queue.jobType) ?? 0}
                </dd>
              </div>
              <div>
                <dt className="text-slate-600">Oldest pending</dt>
                <dd className="font-medium text-slate-900">
                  {queue.oldestPendingAt ? (
                    <time dateTime={queue.oldestPendingAt.toISOString()}>{formatDistanceStrict(queue.oldestPendingAt, now)}</time>
                  ) : (
                    "—"
                  )}
                </dd>
              </div>
            </dl>
            {queue.snoozed > 0 && (
              <p className="mt-3 text-sm text-slate-700">
                <Link
                  href={queueHref(queue.jobType, { status: "snoozed" })}
                  className="text-indigo-700 underline underline-offset-2 hover:text-indigo-900"
                >
                  {queue.snoozed} snoozed<span className="sr-only"> in {queue.title}</span>
                </Link>{" "}
                (not counted above until {queue.snoozed === 1 ? "it comes" : "they come"} back)
              </p>
            )}
            <Link
              href={queueHref(queue.jobType)}
              className="mt-4 inline-flex min-h-11 items-center justify-center self-start rounded-md border border-slate-300 bg-white px-4 text-sm font-medium text-slate-900 hover:bg-slate-100"
            >
              Open queue<span className="sr-only">: {queue.title}</span>
            </Link>
          </Card>
        ))}
      </ul>
      <section aria-labelledby="saved-views-heading" className="mt-8">
        <h2 id="saved-views-heading" className="mb-3 text-lg font-semibold text-slate-900">
          Saved views
        </h2>
        <SavedViewList views={views} />
      </section>
    </>
  );
}
