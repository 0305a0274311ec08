import { formatDistanceStrict } from "date-fns";
import type { Metadata } from "next";
import Link from "next/link";
import { Breadcrumbs } from "@/components/staff/breadcrumbs";
import { personName } from "@/components/staff/person-name";
import { PriorityLabel } from "@/components/staff/priority-label";
import { QueuePagination } from "@/components/staff/queue-pagination";
import { SlaBadge } from "@/components/staff/sla-badge";
import { Alert } from "@/components/ui/alert";
import { ColumnHeaders } from "@/components/ui/column-headers";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { AREA_ROLES } from "@/lib/auth/roles";
import { isAppError } from "@/lib/errors";
import { db } from "@/lib/server/db";
import { type EscalationPage, escalationFiltersSchema, listEscalations } from "@/lib/server/queries/staff-escalations";
import { requireRole } from "@/lib/server/session";

export const metadata: Metadata = { title: "Escalation queue" };

const RULE_WORDS: Record<string, string> = { "first-action": "Nobody picked it up in time", resolve: "Not resolved in time" };

export default async function EscalationsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requireRole(...AREA_ROLES.staff);
  const raw = await searchParams;
  const filters = escalationFiltersSchema.parse({ cursor: Array.isArray(raw.cursor) ? raw.cursor[0] : raw.cursor });

  let page: EscalationPage | null = null;
  let pageProblem: string | null = null;
  try {
    page = await listEscalations(db, filters);
  } catch (error) {
    // A hand-edited or stale cursor is the person's to fix, not a server error.
    if (!isAppError(error) || error.code !== "invalid_input") throw error;
    pageProblem = error.userMessage;
  }
  const now = new Date();
  const rows = page?.rows ?? [];

  return (
    <>
      <Breadcrumbs items={[{ label: "Staff queues", href: "/staff" }, { label: "Escalation queue" }]} />
      <PageHeader title="Escalation queue">
        Pending jobs from every queue that missed their service level: nobody picked them up in time, or they were not resolved in time.
        Their priority was raised and whoever had them was told, with the admins.
      </PageHeader>
      {pageProblem ? (
        <Alert tone="error" title="This page of the escalation queue cannot be shown">
          <p>{pageProblem}</p>
          <Link href="/staff/escalations" className="mt-2 inline-flex min-h-11 items-center font-medium underline underline-offset-2">
            Go to the first page
          </Link>
        </Alert>
      ) : rows.length === 0 ? (
        <EmptyState title={filters.cursor ? "No more escalated jobs" : "Nothing escalated"}>
          {filters.cursor ? "You have reached the end of the escalation queue." : "Every pending staff job is within its service level."}
        </EmptyState>
      ) : (
        <div className="flex flex-col gap-4">
          <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
            <table className="w-full text-left text-sm">
              <caption className="sr-only">Escalated jobs, oldest first</caption>
              <thead className="border-b border-slate-200 bg-slate-50 text-slate-700">
                <tr>
                  <ColumnHeaders className="font-medium" columns={["Job", "Queue", "Priority", "Service level", "Assignee", "Age"]} />
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-200">
                {rows.map((row) => (
                  <tr key={row.id}>
                    <td className="px-3 py-2 align-top">
                      <Link
                        href={`/staff/queues/${encodeURIComponent(row.jobType)}/${row.id}`}
                        className="font-medium text-indigo-700 underline underline-offset-2 hover:text-indigo-900"
                      >
                        {row.target.label}
                      </Link>
                      {row.target.detail && <p className="text-xs text-slate-600">{row.target.detail}</p>}
                    </td>
                    <td className="px-3 py-2 align-top text-slate-800">{row.queue}</td>
                    <td className="px-3 py-2 align-top">
                      <PriorityLabel priority={row.priority} />
                    </td>
                    <td className="px-3 py-2 align-top">
                      {row.sla && (
                        <SlaBadge
                          state={row.sla.state}
                          rule={row.sla.rule}
                          deadlineIso={row.sla.deadline.toISOString()}
                          deadlineLabel={formatDistanceStrict(row.sla.deadline, now, { addSuffix: true })}
                        />
                      )}
                      <ul className="mt-1 text-xs text-slate-700">
                        {row.breaches.map((breach) => (
                          <li key={breach.rule}>
                            {RULE_WORDS[breach.rule] ?? breach.rule}: escalated{" "}
                            <time dateTime={breach.firedAt.toISOString()}>
                              {formatDistanceStrict(breach.firedAt, now, { addSuffix: true })}
                            </time>
                          </li>
                        ))}
                      </ul>
                    </td>
                    <td className="px-3 py-2 align-top text-slate-800">{row.assignee ? personName(row.assignee) : "Nobody"}</td>
                    <td className="px-3 py-2 align-top text-slate-800">
                      <time dateTime={row.createdAt.toISOString()}>{formatDistanceStrict(row.createdAt, now)}</time>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <QueuePagination
            firstHref={filters.cursor ? "/staff/escalations" : null}
            nextHref={page?.nextCursor ? `/staff/escalations?cursor=${encodeURIComponent(page.nextCursor)}` : null}
          />
        </div>
      )}
    </>
  );
}
