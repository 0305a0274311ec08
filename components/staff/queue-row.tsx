"use client";

import { createContext, type ReactNode, use } from "react";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { type RowActionKind, useQueueTable } from "./queue-table-provider";

// The islands of one queue row. The row's cells are server-rendered children;
// these add what needs the browser: the row's place in the roving tab stop and
// its shortcuts, its checkbox, and its action buttons. Each finds its row by the
// index the row was given, in the table's state (queue-table-provider.tsx).

const RowIndex = createContext(-1);

function useRow() {
  const table = useQueueTable();
  const index = use(RowIndex);
  const row = table.rows[index];
  if (!row) throw new Error(`A queue row island is outside a QueueRow (index ${index})`);
  return { table, row, index };
}

/** A row of the table: one stop of the roving tab stop, named for screen readers, with the row's shortcuts. */
export function QueueRow({ index, children }: { index: number; children: ReactNode }) {
  const table = useQueueTable();
  const row = table.rows[index];
  const selected = row ? table.selected.has(row.id) : false;
  return (
    <RowIndex value={index}>
      <tr
        ref={(element) => table.registerRow(index, element)}
        data-job-row
        tabIndex={index === table.activeIndex ? 0 : -1}
        aria-label={row ? `${row.label}${selected ? ", selected" : ""}` : undefined}
        onKeyDown={(event) => table.onRowKeyDown(event, index)}
        onClick={table.onRowClick}
        onMouseOver={table.onRowIntent}
        onFocus={(event) => {
          if (event.target === event.currentTarget) table.setActive(index);
          else table.onRowIntent(event);
        }}
        className={cn(
          "align-top outline-none focus-visible:bg-indigo-50 focus-visible:outline-3 focus-visible:-outline-offset-3 focus-visible:outline-indigo-600",
          selected && "bg-indigo-50/60",
        )}
      >
        {children}
      </tr>
    </RowIndex>
  );
}

/** Selects the row for a bulk action. */
export function RowCheckbox() {
  const { table, row } = useRow();
  return (
    <input
      type="checkbox"
      aria-label={`Select ${row.name}`}
      checked={table.selected.has(row.id)}
      onChange={() => table.toggle(row.id)}
      className="size-5"
    />
  );
}

/**
 * The row's actions: `children` (the server-rendered link to the job), then
 * claim or unassign, resolve and dismiss on a pending job, and the refusal of
 * the last one tried on this row.
 */
export function RowActions({ children }: { children: ReactNode }) {
  const { table, row } = useRow();
  const { action, acting, dialog } = table;
  const pending = row.status === "pending";
  const busy = (kind: RowActionKind) => action.pending && acting?.jobId === row.id && acting.kind === kind;
  const error = action.error && !dialog && acting?.jobId === row.id ? action.error.message : null;
  return (
    <>
      <div className="flex flex-wrap items-center gap-1">
        {children}
        {pending && !row.assignee && (
          <Button
            size="sm"
            variant="secondary"
            disabled={action.pending}
            pending={busy("claim")}
            pendingLabel="Claiming…"
            onClick={() => table.claim(row)}
            aria-label={`Claim ${row.name}`}
          >
            Claim
          </Button>
        )}
        {pending && row.assignee && (
          <Button
            size="sm"
            variant="ghost"
            disabled={action.pending}
            pending={busy("unassign")}
            pendingLabel="Unassigning…"
            onClick={() => table.runRowAction(row, "unassign")}
            aria-label={`Unassign ${row.name}`}
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
              onClick={() => table.openDialog(row, "resolve")}
              aria-label={`Resolve ${row.name}…`}
            >
              Resolve…
            </Button>
            <Button
              size="sm"
              variant="ghost"
              disabled={action.pending}
              onClick={() => table.openDialog(row, "dismiss")}
              aria-label={`Dismiss ${row.name}…`}
            >
              Dismiss…
            </Button>
          </>
        )}
      </div>
      {error && (
        <p role="alert" className="mt-1 max-w-64 text-sm text-red-800">
          {error}
        </p>
      )}
    </>
  );
}
