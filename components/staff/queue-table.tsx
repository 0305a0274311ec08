import { type ReactNode, useId } from "react";
import { ColumnHeaders } from "@/components/ui/column-headers";
import { BulkActionBar } from "./bulk-action-bar";
import { DueDate, PastDueIconSymbol } from "./due-date";
import { jobLabels } from "./job-labels";
import { PriorityLabel } from "./priority-label";
import { QueueRow, RowActions, RowCheckbox } from "./queue-row";
import { QueueOutcome, QueueRowDialogs, SelectAllCheckbox } from "./queue-table-controls";
import { QueueTableProvider } from "./queue-table-provider";
import type { QueueRowState, QueueTableRow, StaffOption } from "./queue-table-row";
import { SlaBadge } from "./sla-badge";
import { JobStatusBadge } from "./status-badge";

export interface QueueTableProps {
  rows: QueueTableRow[];
  /** The signed-in staff member: their jobs read "You". */
  meId: string;
  staffMembers: StaffOption[];
  /** Says what the table lists, for screen readers (the table's caption). */
  caption: string;
  /** Shown above the table ("Showing 12 pending jobs…"). */
  summary?: ReactNode;
  /** Shown instead of the table when there are no rows. */
  empty: ReactNode;
  /** The job pages' common start: a row's page is this plus its id (Enter on a row opens it). */
  detailHrefBase: string;
}

/** A row's accessible name: what it is about and where it stands, so a screen reader hears the row in one go. */
function rowLabel(row: QueueTableRow, meId: string): string {
  const who = !row.assignee ? "unassigned" : row.assignee.id === meId ? "assigned to you" : `assigned to ${row.assignee.name}`;
  const due = row.due ? `${row.due.pastDue ? "past due" : "due"} ${row.due.label}` : "no due date";
  const reported = row.occurrences.count > 1 ? [`reported ${row.occurrences.count} times`] : [];
  const sla = row.sla?.state === "breached" ? ["SLA breached"] : row.sla?.state === "at-risk" ? ["SLA at risk"] : [];
  return [
    row.target.label,
    ...reported,
    jobLabels.status[row.status],
    who,
    `${jobLabels.priority[row.priority]} priority`,
    due,
    ...sla,
  ].join(", ");
}

/**
 * A page of a staff queue: one row per job, each selectable for bulk actions,
 * with claim / unassign / resolve / dismiss on the row and keyboard shortcuts
 * (queue-table-provider.tsx). A Server Component: the table, its rows and
 * their cells are rendered here; the browser hydrates only the islands (the
 * rows' tab stop and shortcuts, checkboxes, action buttons, the bulk action
 * bar, the outcome and the dialogs), which get the few facts per row they act
 * on (QueueRowState), never the rows.
 */
export function QueueTable({ rows, meId, staffMembers, caption, summary, empty, detailHrefBase }: QueueTableProps) {
  const id = useId();
  const captionId = `${id}-caption`;
  const iconId = `${id}-past-due`;
  const states: QueueRowState[] = rows.map((row) => ({
    id: row.id,
    targetId: row.targetId,
    name: row.target.label,
    label: rowLabel(row, meId),
    status: row.status,
    assignee: !row.assignee ? null : row.assignee.id === meId ? "me" : "other",
  }));

  return (
    <QueueTableProvider rows={states} detailHrefBase={detailHrefBase}>
      <div className="flex flex-col gap-3">
        {rows.length > 0 && <BulkActionBar staffMembers={staffMembers} />}
        <QueueOutcome />

        {rows.length === 0 ? (
          empty
        ) : (
          <>
            {summary}
            <PastDueIconSymbol id={iconId} />
            <p className="text-sm text-slate-600 lg:hidden" aria-hidden="true">
              The table scrolls sideways: swipe or scroll to see every column →
            </p>
            <div
              role="region"
              aria-labelledby={captionId}
              tabIndex={0}
              className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm"
            >
              <table className="w-full min-w-[60rem] text-left text-sm">
                <caption id={captionId} className="sr-only">
                  {caption}
                </caption>
                <thead className="border-b border-slate-200 bg-slate-50 text-xs font-semibold tracking-wide text-slate-700 uppercase">
                  <tr>
                    <th scope="col" className="w-10 px-3 py-2">
                      <SelectAllCheckbox />
                    </th>
                    <ColumnHeaders columns={["Target", "Age", "Reported", "Assignee", "Priority", "Due", "Status", "Actions"]} />
                  </tr>
                </thead>
                {/* The cells' padding and the links' look, once for every row (QueueCells). */}
                <tbody className="divide-y divide-slate-100 [&_a]:font-medium [&_a]:text-indigo-700 [&_a]:underline [&_a]:underline-offset-2 [&_td]:px-3 [&_td]:py-3 [&_td:last-child]:py-2">
                  {rows.map((row, index) => (
                    <QueueRow key={row.id} index={index}>
                      <QueueCells row={row} mine={row.assignee?.id === meId} iconId={iconId} />
                    </QueueRow>
                  ))}
                </tbody>
              </table>
            </div>
          </>
        )}

        <QueueRowDialogs />
      </div>
    </QueueTableProvider>
  );
}

/**
 * A row's cells, rendered on the server; the checkbox and the action buttons
 * are the row's islands. Kept lean on purpose: every element and class here is
 * repeated per row in the HTML and again in the RSC payload, so the cells'
 * padding and the links' look are set once on the table body, the past-due icon
 * is drawn from one symbol, and links are plain anchors (QueueRow navigates
 * them in the browser and prefetches on intent).
 */
function QueueCells({ row, mine, iconId }: { row: QueueTableRow; mine: boolean; iconId: string }) {
  return (
    <>
      <td>
        <RowCheckbox />
      </td>
      <td>
        {row.targetHref ? (
          <a href={row.targetHref} className="break-words hover:text-indigo-900">
            {row.target.label}
          </a>
        ) : (
          <span className="font-medium break-words text-slate-900">{row.target.label}</span>
        )}
        {row.target.detail && <span className="block text-xs break-words text-slate-600">{row.target.detail}</span>}
      </td>
      <td className="whitespace-nowrap text-slate-700">
        <time dateTime={row.createdAtIso}>{row.ageLabel}</time>
      </td>
      <td className="whitespace-nowrap">
        <ReportedCount occurrences={row.occurrences} />
      </td>
      <td>
        {!row.assignee ? (
          <span className="text-slate-600 italic">Unassigned</span>
        ) : mine ? (
          <span className="font-semibold">You</span>
        ) : (
          row.assignee.name
        )}
      </td>
      <td>
        <PriorityLabel priority={row.priority} />
      </td>
      <td>
        {row.due ? <DueDate {...row.due} iconId={iconId} /> : <span className="text-slate-600">—</span>}
        {row.sla && row.sla.state !== "on-track" && (
          <span className="mt-1 block">
            <SlaBadge {...row.sla} />
          </span>
        )}
      </td>
      <td>
        <JobStatusBadge status={row.status} />
      </td>
      <td>
        <RowActions>
          <a href={row.detailHref} className="inline-flex min-h-9 items-center rounded-md px-2 hover:bg-slate-100">
            Details<span className="sr-only"> of {row.target.label}</span>
          </a>
        </RowActions>
      </td>
    </>
  );
}

/**
 * How often the exception behind a job was reported: "×3" (read as "3 times"
 * under the "Reported" header) and when it last was; "once" for the rest.
 */
function ReportedCount({ occurrences: { count, last } }: { occurrences: QueueTableRow["occurrences"] }) {
  if (count <= 1) return <span className="text-slate-600">once</span>;
  return (
    <>
      <span aria-hidden="true" className="font-semibold text-amber-800">
        ×{count}
      </span>
      <span className="sr-only">{count} times</span>
      {last && (
        <span className="block text-xs text-slate-600">
          last <time dateTime={last.iso}>{last.label}</time>
        </span>
      )}
    </>
  );
}
