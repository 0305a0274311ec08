import { formatDistanceStrict } from "date-fns";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { LiveUpdates } from "@/components/live/live-updates";
import { Breadcrumbs } from "@/components/staff/breadcrumbs";
import { KeyboardShortcuts } from "@/components/staff/keyboard-shortcuts";
import { personName } from "@/components/staff/person-name";
import { QueueFilters } from "@/components/staff/queue-filters";
import { queueHref } from "@/components/staff/queue-href";
import { QueuePagination } from "@/components/staff/queue-pagination";
import { QueueTable } from "@/components/staff/queue-table";
import { SaveViewForm } from "@/components/staff/save-view-form";
import type { QueueTableRow } from "@/components/staff/queue-table-row";
import { Alert } from "@/components/ui/alert";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { AREA_ROLES } from "@/lib/auth/roles";
import { isAppError } from "@/lib/errors";
import { jobHref, jobTypes, type JobTypeDefinition } from "@/lib/jobs";
import { db } from "@/lib/server/db";
import { type QueueFilters as Filters, queueFiltersSchema } from "@/lib/server/queries/staff-queue";
import { viewParams } from "@/lib/server/queries/saved-views";
import { getStaffQueueView, type StaffQueueView } from "@/lib/server/queries/staff-queue-view";
import { requireRole } from "@/lib/server/session";

interface QueuePageProps {
  params: Promise<{ jobType: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}

/** The staff job type named in the URL, or null for anything else (a user job type, a typo). */
function staffType(key: string): JobTypeDefinition | null {
  const definition = jobTypes.get(key);
  return definition?.audience === "staff" ? definition : null;
}

export async function generateMetadata({ params }: QueuePageProps): Promise<Metadata> {
  return { title: staffType((await params).jobType)?.title ?? "Staff queue" };
}

const STATUS_WORDS: Record<Filters["status"], string> = {
  pending: "pending",
  snoozed: "snoozed",
  completed: "resolved",
  cancelled: "dismissed",
  expired: "expired",
  all: "",
};

export default async function QueuePage({ params, searchParams }: QueuePageProps) {
  const actor = await requireRole(...AREA_ROLES.staff);
  const definition = staffType((await params).jobType);
  if (!definition) notFound();

  const raw = await searchParams;
  // A repeated parameter (?status=a&status=b) counts by its first value.
  const filters = queueFiltersSchema.parse(
    Object.fromEntries(Object.entries(raw).map(([key, value]) => [key, Array.isArray(value) ? value[0] : value])),
  );

  let view: StaffQueueView | null = null;
  let pageProblem: string | null = null;
  try {
    view = await getStaffQueueView(db, definition.key, filters, actor.id);
  } catch (error) {
    // A hand-edited or stale cursor is the person's to fix, not a server error.
    if (!isAppError(error) || error.code !== "invalid_input") throw error;
    pageProblem = error.userMessage;
  }
  const page = view?.page ?? null;
  const staffMembers = view?.staffMembers ?? [];

  const now = new Date();
  const firstPage = queueHref(definition.key, { ...filters, cursor: undefined });
  const detailHrefBase = `/staff/queues/${encodeURIComponent(definition.key)}/`;
  const rows: QueueTableRow[] = (page?.rows ?? []).map((row) => ({
    id: row.id,
    targetType: row.targetType,
    targetId: row.targetId,
    target: { label: row.target.label, detail: row.target.detail },
    targetHref: row.target.href ?? jobHref(definition, row),
    detailHref: `${detailHrefBase}${row.id}`,
    status: row.status,
    priority: row.priority,
    createdAtIso: row.createdAt.toISOString(),
    ageLabel: formatDistanceStrict(row.createdAt, now),
    due: row.dueAt
      ? {
          iso: row.dueAt.toISOString(),
          label: formatDistanceStrict(row.dueAt, now, { addSuffix: true }),
          pastDue: row.status === "pending" && row.dueAt <= now,
        }
      : null,
    assignee: row.assignee ? { id: row.assignee.id, name: personName(row.assignee) } : null,
    sla: row.sla
      ? {
          state: row.sla.state,
          rule: row.sla.rule,
          deadlineIso: row.sla.deadline.toISOString(),
          deadlineLabel: formatDistanceStrict(row.sla.deadline, now, { addSuffix: true }),
        }
      : null,
    occurrences: {
      count: row.occurrences,
      last: row.lastOccurredAt
        ? { iso: row.lastOccurredAt.toISOString(), label: formatDistanceStrict(row.lastOccurredAt, now, { addSuffix: true }) }
        : null,
    },
  }));
  const isDefaultView = filters.status === "pending" && filters.assigned === "everyone" && !filters.q;
  const what = `${STATUS_WORDS[filters.status]} jobs`.trim();
  const order = filters.sort === "occurrences" ? "most reported first" : "oldest first";

  return (
    <>
      <Breadcrumbs items={[{ label: "Staff queues", href: "/staff" }, { label: definition.title }]} />
      <PageHeader title={definition.title}>{definition.description}</PageHeader>
      {/* Others claiming, resolving or adding jobs here show without a reload ("Taken by Alice"). */}
      <LiveUpdates scope="staff" jobType={definition.key} className="-mt-4 mb-4" />

      <div className="flex flex-col gap-4">
        <QueueFilters jobType={definition.key} filters={filters} />
        <SaveViewForm jobType={definition.key} params={viewParams(filters)} />
        <KeyboardShortcuts />

        {pageProblem ? (
          <Alert tone="error" title="This page of the queue cannot be shown">
            <p>{pageProblem}</p>
            <Link href={firstPage} className="mt-2 inline-flex min-h-11 items-center font-medium underline underline-offset-2">
              Go to the first page
            </Link>
          </Alert>
        ) : (
          <>
            {/* Rendered with or without rows, so an action's outcome stays on screen when it empties the list. */}
            <QueueTable
              rows={rows}
              meId={actor.id}
              detailHrefBase={detailHrefBase}
              staffMembers={staffMembers.map((member) => ({ id: member.id, label: personName(member) }))}
              caption={`${definition.title}: ${what}, ${order}`}
              summary={
                <p className="text-sm text-slate-700">
                  {filters.cursor ? "Continuing: " : "Showing "}
                  {rows.length} {what}
                  {filters.assigned === "me" ? " assigned to you" : filters.assigned === "unassigned" ? " nobody has claimed" : ""}
                  {filters.q ? ` for target “${filters.q}”` : ""}, {order}.
                </p>
              }
              empty={
                filters.cursor ? (
                  <EmptyState title="No more jobs">
                    You have reached the end of this queue.{" "}
                    <Link href={firstPage} className="font-medium text-indigo-700 underline underline-offset-2">
                      Back to the first page
                    </Link>
                  </EmptyState>
                ) : isDefaultView ? (
                  <EmptyState title="All clear">Nothing is pending in this queue right now.</EmptyState>
                ) : (
                  <EmptyState title="No jobs match these filters">
                    Try another status or assignment, or{" "}
                    <Link href={queueHref(definition.key)} className="font-medium text-indigo-700 underline underline-offset-2">
                      clear the filters
                    </Link>
                    .
                  </EmptyState>
                )
              }
            />
            <QueuePagination
              firstHref={filters.cursor ? firstPage : null}
              nextHref={page?.nextCursor ? queueHref(definition.key, { ...filters, cursor: page.nextCursor }) : null}
            />
          </>
        )}
      </div>
    </>
  );
}
