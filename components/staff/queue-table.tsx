"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { type KeyboardEvent, type ReactNode, useCallback, useEffect, useId, useRef, useState } from "react";
import { cancelStaffJobAction, claimStaffJobAction, completeStaffJobAction, unassignStaffJobAction } from "@/app/(staff)/staff/actions";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { ColumnHeaders } from "@/components/ui/column-headers";
import { BulkActionBar, BulkOutcome, type BulkOutcomeData } from "./bulk-action-bar";
import { DueDate } from "./due-date";
import { jobLabels } from "./job-labels";
import { PriorityLabel } from "./priority-label";
import type { QueueTableRow, StaffOption } from "./queue-table-row";
import { JobStatusBadge } from "./status-badge";
import { TextDialog } from "./text-dialog";
import { useStaffAction } from "./use-staff-action";

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
}

type RowActionKind = "claim" | "unassign" | "resolve" | "dismiss";

/** Keys typed into these belong to them, not to the table's shortcuts. */
const TYPING = "input, textarea, select, [contenteditable], dialog";
/** The target's words: the row's name in labels and messages ("Claim Ada Lovelace"). */
const jobName = (row: QueueTableRow) => row.target.label;

function rowLabel(row: QueueTableRow, meId: string, selected: boolean): string {
  const who = !row.assignee ? "unassigned" : row.assignee.id === meId ? "assigned to you" : `assigned to ${row.assignee.name}`;
  const due = row.due ? `${row.due.pastDue ? "past due" : "due"} ${row.due.label}` : "no due date";
  return [
    jobName(row),
    jobLabels.status[row.status],
    who,
    `${jobLabels.priority[row.priority]} priority`,
    due,
    selected ? "selected" : null,
  ]
    .filter(Boolean)
    .join(", ");
}

/**
 * A page of a staff queue: one row per job, each selectable for bulk actions,
 * with claim / unassign / resolve / dismiss on the row. Rows are a roving
 * tab stop: Tab lands on one row, arrow keys or j/k move between rows,
 * Enter opens the job, c claims, r resolves, d dismisses, x selects.
 */
export function QueueTable({ rows, meId, staffMembers, caption, summary, empty }: QueueTableProps) {
  const router = useRouter();
  const id = useId();
  const rowRefs = useRef<(HTMLTableRowElement | null)[]>([]);
  const [active, setActive] = useState(0);
  const activeIndex = Math.min(active, Math.max(rows.length - 1, 0));
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const selectedRows = rows.filter((row) => selected.has(row.id));
  const [announcement, setAnnouncement] = useState("");
  // The outcome of the last action. Kept here, not in the parts that act, so
  // it stays on screen when the acted-on rows (or all of them) leave the list.
  const [outcome, setOutcome] = useState<string | BulkOutcomeData>("");
  const action = useStaffAction();
  const [acting, setActing] = useState<{ row: QueueTableRow; kind: RowActionKind } | null>(null);
  const [dialog, setDialog] = useState<{ row: QueueTableRow; kind: "resolve" | "dismiss" } | null>(null);
  // Set when a row action finishes: once the refreshed rows arrive, focus goes
  // back to the row at the same place (the acted-on row may have left the list).
  const refocus = useRef(false);
  const selectAll = useRef<HTMLInputElement>(null);

  const focusRow = useCallback(
    (index: number) => {
      const next = Math.max(0, Math.min(index, rows.length - 1));
      setActive(next);
      rowRefs.current[next]?.focus();
      setAnnouncement(`Row ${next + 1} of ${rows.length}`);
    },
    [rows.length],
  );

  useEffect(() => {
    if (!refocus.current) return;
    refocus.current = false;
    const focused = document.activeElement;
    // Only take focus back if it was lost with the row (it fell to the body), not from wherever the person moved it.
    if (!focused || focused === document.body || !focused.isConnected) rowRefs.current[activeIndex]?.focus();
  }, [rows, activeIndex]);

  useEffect(() => {
    if (selectAll.current) selectAll.current.indeterminate = selectedRows.length > 0 && selectedRows.length < rows.length;
  }, [selectedRows.length, rows.length]);

  // From anywhere on the page that is not a field, j or k moves into the table.
  useEffect(() => {
    function onKeyDown(event: globalThis.KeyboardEvent) {
      if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey || (event.key !== "j" && event.key !== "k")) return;
      const target = event.target instanceof Element ? event.target : null;
      if (target?.closest(TYPING) || target?.closest("tr[data-job-row]")) return;
      if (rows.length === 0) return;
      event.preventDefault();
      focusRow(activeIndex);
    }
    document.addEventListener("keydown", onKeyDown);
    return () => document.removeEventListener("keydown", onKeyDown);
  }, [rows.length, activeIndex, focusRow]);

  function toggle(jobId: string) {
    setSelected((current) => {
      const next = new Set(current);
      if (!next.delete(jobId)) next.add(jobId);
      return next;
    });
  }

  function runRowAction(row: QueueTableRow, kind: RowActionKind, text?: string) {
    setActing({ row, kind });
    setOutcome("");
    const name = jobName(row);
    const calls = {
      claim: () => claimStaffJobAction({ jobId: row.id }),
      unassign: () => unassignStaffJobAction({ jobId: row.id }),
      resolve: () => completeStaffJobAction({ jobId: row.id, note: text }),
      dismiss: () => cancelStaffJobAction({ jobId: row.id, reason: text ?? "" }),
    } as const;
    const messages = {
      claim: `You claimed ${name}.`,
      unassign: `${name} is unassigned.`,
      resolve: `${name} is resolved.`,
      dismiss: `${name} is dismissed.`,
    } as const;
    action.run<unknown>(calls[kind], () => {
      setOutcome(messages[kind]);
      setDialog(null);
      refocus.current = true;
    });
  }

  function claim(row: QueueTableRow) {
    if (row.status !== "pending")
      return setOutcome(`${jobName(row)} is ${jobLabels.status[row.status].toLowerCase()}; only pending jobs can be claimed.`);
    if (row.assignee?.id === meId) return setOutcome(`${jobName(row)} is already yours.`);
    runRowAction(row, "claim");
  }

  function openDialog(row: QueueTableRow, kind: "resolve" | "dismiss") {
    if (row.status !== "pending")
      return setOutcome(
        `${jobName(row)} is ${jobLabels.status[row.status].toLowerCase()}; only pending jobs can be ${kind === "resolve" ? "resolved" : "dismissed"}.`,
      );
    action.clearError();
    setActing(null);
    setDialog({ row, kind });
  }

  function onRowKeyDown(event: KeyboardEvent<HTMLTableRowElement>, index: number) {
    // Keys pressed on a checkbox, link or button inside the row are theirs.
    if (event.target !== event.currentTarget || event.altKey || event.ctrlKey || event.metaKey) return;
    const row = rows[index];
    if (!row) return;
    switch (event.key) {
      case "ArrowDown":
      case "j":
        focusRow(index + 1);
        break;
      case "ArrowUp":
      case "k":
        focusRow(index - 1);
        break;
      case "Home":
        focusRow(0);
        break;
      case "End":
        focusRow(rows.length - 1);
        break;
      case "Enter":
        router.push(row.detailHref);
        break;
      case "c":
        claim(row);
        break;
      case "r":
        openDialog(row, "resolve");
        break;
      case "d":
        openDialog(row, "dismiss");
        break;
      case "x":
      case " ":
        toggle(row.id);
        break;
      default:
        return;
    }
    event.preventDefault();
  }

  const allSelected = rows.length > 0 && selectedRows.length === rows.length;
  const busy = (row: QueueTableRow, kind: RowActionKind) => action.pending && acting?.row.id === row.id && acting.kind === kind;

  return (
    <div className="flex flex-col gap-3">
      {rows.length > 0 && (
        <BulkActionBar
          selected={selectedRows}
          staffMembers={staffMembers}
          onDone={(bulk) => {
            setOutcome(bulk);
            setSelected((current) => {
              const next = new Set(current);
              for (const jobId of bulk.result.succeeded) next.delete(jobId);
              return next;
            });
          }}
        />
      )}

      {/* Always in the page, so screen readers announce outcomes as they appear. */}
      <div role="status" className="empty:hidden">
        {typeof outcome === "string" ? (
          outcome && <p className="text-sm font-medium text-slate-900">{outcome}</p>
        ) : (
          <BulkOutcome outcome={outcome} />
        )}
      </div>
      <p aria-live="polite" className="sr-only">
        {announcement}
      </p>

      {rows.length === 0 ? (
        empty
      ) : (
        <>
          {summary}
          <p className="text-sm text-slate-600 lg:hidden" aria-hidden="true">
            The table scrolls sideways: swipe or scroll to see every column →
          </p>
          <div
            role="region"
            aria-labelledby={`${id}-caption`}
            tabIndex={0}
            className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm"
          >
            <table className="w-full min-w-[60rem] text-left text-sm">
              <caption id={`${id}-caption`} className="sr-only">
                {caption}
              </caption>
              <thead className="border-b border-slate-200 bg-slate-50 text-xs font-semibold tracking-wide text-slate-700 uppercase">
                <tr>
                  <th scope="col" className="w-10 px-3 py-2">
                    <input
                      ref={selectAll}
                      type="checkbox"
                      aria-label="Select every job on this page"
                      checked={allSelected}
                      onChange={() => setSelected(allSelected ? new Set() : new Set(rows.map((row) => row.id)))}
                      className="size-5"
                    />
                  </th>
                  <ColumnHeaders columns={["Target", "Age", "Assignee", "Priority", "Due", "Status", "Actions"]} />
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {rows.map((row, index) => {
                  const isSelected = selected.has(row.id);
                  const pending = row.status === "pending";
                  const mine = row.assignee?.id === meId;
                  const rowError = action.error && !dialog && acting?.row.id === row.id ? action.error.message : null;
                  return (
                    <tr
                      key={row.id}
                      ref={(element) => {
                        rowRefs.current[index] = element;
                      }}
                      data-job-row
                      tabIndex={index === activeIndex ? 0 : -1}
                      aria-label={rowLabel(row, meId, isSelected)}
                      onFocus={(event) => {
                        if (event.target === event.currentTarget) setActive(index);
                      }}
                      onKeyDown={(event) => onRowKeyDown(event, index)}
                      className={cn(
                        "align-top outline-none focus-visible:bg-indigo-50 focus-visible:outline-3 focus-visible:-outline-offset-3 focus-visible:outline-indigo-600",
                        isSelected && "bg-indigo-50/60",
                      )}
                    >
                      <td className="px-3 py-3">
                        <input
                          type="checkbox"
                          aria-label={`Select ${jobName(row)}`}
                          checked={isSelected}
                          onChange={() => toggle(row.id)}
                          className="size-5"
                        />
                      </td>
                      <td className="px-3 py-3">
                        {row.targetHref ? (
                          <Link
                            href={row.targetHref}
                            className="font-medium break-words text-indigo-700 underline underline-offset-2 hover:text-indigo-900"
                          >
                            {row.target.label}
                          </Link>
                        ) : (
                          <span className="font-medium break-words text-slate-900">{row.target.label}</span>
                        )}
                        {row.target.detail && <span className="block text-xs break-words text-slate-600">{row.target.detail}</span>}
                      </td>
                      <td className="px-3 py-3 whitespace-nowrap text-slate-700">
                        <time dateTime={row.createdAtIso}>{row.ageLabel}</time>
                      </td>
                      <td className="px-3 py-3">
                        {row.assignee ? (
                          <span className={cn(mine && "font-semibold")}>{mine ? "You" : row.assignee.name}</span>
                        ) : (
                          <span className="text-slate-600 italic">Unassigned</span>
                        )}
                      </td>
                      <td className="px-3 py-3">
                        <PriorityLabel priority={row.priority} />
                      </td>
                      <td className="px-3 py-3">{row.due ? <DueDate {...row.due} /> : <span className="text-slate-600">—</span>}</td>
                      <td className="px-3 py-3">
                        <JobStatusBadge status={row.status} />
                      </td>
                      <td className="px-3 py-2">
                        <div className="flex flex-wrap items-center gap-1">
                          <Link
                            href={row.detailHref}
                            className="inline-flex min-h-9 items-center rounded-md px-2 font-medium text-indigo-700 underline underline-offset-2 hover:bg-slate-100"
                          >
                            Details<span className="sr-only"> of {jobName(row)}</span>
                          </Link>
                          {pending && !row.assignee && (
                            <Button
                              size="sm"
                              variant="secondary"
                              disabled={action.pending}
                              pending={busy(row, "claim")}
                              pendingLabel="Claiming…"
                              onClick={() => claim(row)}
                              aria-label={`Claim ${jobName(row)}`}
                            >
                              Claim
                            </Button>
                          )}
                          {pending && row.assignee && (
                            <Button
                              size="sm"
                              variant="ghost"
                              disabled={action.pending}
                              pending={busy(row, "unassign")}
                              pendingLabel="Unassigning…"
                              onClick={() => runRowAction(row, "unassign")}
                              aria-label={`Unassign ${jobName(row)}`}
                            >
                              Unassign
                            </Button>
                          )}
                          {pending && (
                            <>
                              <Button
                                size="sm"
                                variant="secondary"
                                disabled={action.pending}
                                onClick={() => openDialog(row, "resolve")}
                                aria-label={`Resolve ${jobName(row)}…`}
                              >
                                Resolve…
                              </Button>
                              <Button
                                size="sm"
                                variant="ghost"
                                disabled={action.pending}
                                onClick={() => openDialog(row, "dismiss")}
                                aria-label={`Dismiss ${jobName(row)}…`}
                              >
                                Dismiss…
                              </Button>
                            </>
                          )}
                        </div>
                        {rowError && (
                          <p role="alert" className="mt-1 max-w-64 text-sm text-red-800">
                            {rowError}
                          </p>
                        )}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        </>
      )}

      <TextDialog
        open={dialog?.kind === "resolve"}
        title="Resolve job"
        description={dialog ? `Mark ${jobName(dialog.row)} as resolved. The note goes on its timeline.` : ""}
        label="Resolution note"
        field="note"
        submitLabel="Resolve"
        pendingLabel="Resolving…"
        pending={action.pending}
        error={action.error}
        onSubmit={(note) => dialog && runRowAction(dialog.row, "resolve", note)}
        onClose={() => setDialog(null)}
      />
      <TextDialog
        open={dialog?.kind === "dismiss"}
        title="Dismiss job"
        description={dialog ? `Dismiss ${jobName(dialog.row)}: nothing is left to do. The reason goes on its timeline.` : ""}
        label="Reason"
        field="reason"
        required
        tone="danger"
        submitLabel="Dismiss"
        pendingLabel="Dismissing…"
        pending={action.pending}
        error={action.error}
        onSubmit={(reason) => dialog && runRowAction(dialog.row, "dismiss", reason)}
        onClose={() => setDialog(null)}
      />
    </div>
  );
}
