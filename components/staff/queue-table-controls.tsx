"use client";

import { useEffect, useRef } from "react";
import { BulkOutcome } from "./bulk-action-bar";
import { useQueueTable } from "./queue-table-provider";
import { TextDialog } from "./text-dialog";

// The queue table's islands outside its rows: the select-all box, the outcome
// of the last action, and the row actions' dialogs.

/** Selects or unselects every row on the page; half-checked while some are. */
export function SelectAllCheckbox() {
  const { rows, selectedRows, setAllSelected } = useQueueTable();
  const box = useRef<HTMLInputElement>(null);
  const all = rows.length > 0 && selectedRows.length === rows.length;
  useEffect(() => {
    if (box.current) box.current.indeterminate = selectedRows.length > 0 && selectedRows.length < rows.length;
  }, [selectedRows.length, rows.length]);
  return (
    <input
      ref={box}
      type="checkbox"
      aria-label="Select every job on this page"
      checked={all}
      onChange={() => setAllSelected(!all)}
      className="size-5"
    />
  );
}

/** The outcome of the last action and where focus moved: always in the page, so screen readers announce them as they change. */
export function QueueOutcome() {
  const { outcome, announcement } = useQueueTable();
  return (
    <>
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
    </>
  );
}

/** Asks for the note of a resolve, or the reason of a dismissal, from a row. */
export function QueueRowDialogs() {
  const { dialog, action, runRowAction, closeDialog } = useQueueTable();
  return (
    <>
      <TextDialog
        open={dialog?.kind === "resolve"}
        title="Resolve job"
        description={dialog ? `Mark ${dialog.row.name} as resolved. The note goes on its timeline.` : ""}
        label="Resolution note"
        field="note"
        submitLabel="Resolve"
        pendingLabel="Resolving…"
        pending={action.pending}
        error={action.error}
        onSubmit={(note) => dialog && runRowAction(dialog.row, "resolve", note)}
        onClose={closeDialog}
      />
      <TextDialog
        open={dialog?.kind === "dismiss"}
        title="Dismiss job"
        description={dialog ? `Dismiss ${dialog.row.name}: nothing is left to do. The reason goes on its timeline.` : ""}
        label="Reason"
        field="reason"
        required
        tone="danger"
        submitLabel="Dismiss"
        pendingLabel="Dismissing…"
        pending={action.pending}
        error={action.error}
        onSubmit={(reason) => dialog && runRowAction(dialog.row, "dismiss", reason)}
        onClose={closeDialog}
      />
    </>
  );
}
