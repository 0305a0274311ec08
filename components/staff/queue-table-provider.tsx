"use client";

import { useRouter } from "next/navigation";
import {
  createContext,
  type KeyboardEvent,
  type MouseEvent,
  type ReactNode,
  type SyntheticEvent,
  use,
  useCallback,
  useEffect,
  useMemo,
  useRef,
  useState,
} from "react";
import { cancelStaffJobAction, claimStaffJobAction, completeStaffJobAction, unassignStaffJobAction } from "@/app/(staff)/staff/actions";
import { jobLabels } from "./job-labels";
import type { BulkOutcomeData, QueueRowState } from "./queue-table-row";
import { useStaffAction } from "./use-staff-action";

// The browser's half of a staff queue table. The rows, their cells and their
// words are rendered on the server (queue-table.tsx); what needs the browser
// lives here, once for the table: which rows are selected, which row holds the
// roving tab stop, the row actions and their dialogs, and the last outcome.
// The row islands (queue-row.tsx) and the bulk action bar read it from context,
// so each gets no more than its row's index as a prop.

export type RowActionKind = "claim" | "unassign" | "resolve" | "dismiss";

/** Keys typed into these belong to them, not to the table's shortcuts. */
const TYPING = "input, textarea, select, [contenteditable], dialog";

/** The app path of the link an event happened in, if any. */
function linkPath(event: SyntheticEvent): string | null {
  const link = event.target instanceof Element ? event.target.closest("a[href]") : null;
  const href = link?.getAttribute("href");
  return href?.startsWith("/") && !href.startsWith("//") && !link?.getAttribute("target") ? href : null;
}

export interface QueueTableState {
  rows: readonly QueueRowState[];
  /** The row that holds the table's one tab stop. */
  activeIndex: number;
  setActive: (index: number) => void;
  /** A row's element, for moving focus to it. */
  registerRow: (index: number, element: HTMLTableRowElement | null) => void;
  onRowKeyDown: (event: KeyboardEvent<HTMLTableRowElement>, index: number) => void;
  /** Follows a click on a row's link in the browser, as next/link would. */
  onRowClick: (event: MouseEvent<HTMLTableRowElement>) => void;
  /** Prefetches a row's link once a pointer or focus reaches it, as next/link does on hover. */
  onRowIntent: (event: SyntheticEvent<HTMLTableRowElement>) => void;
  selected: ReadonlySet<string>;
  toggle: (jobId: string) => void;
  setAllSelected: (all: boolean) => void;
  /** The selected rows, in the table's order. */
  selectedRows: readonly QueueRowState[];
  /** A bulk action finished: unselect what succeeded, show the outcome. */
  bulkDone: (outcome: BulkOutcomeData) => void;
  claim: (row: QueueRowState) => void;
  runRowAction: (row: QueueRowState, kind: RowActionKind, text?: string) => void;
  openDialog: (row: QueueRowState, kind: "resolve" | "dismiss") => void;
  closeDialog: () => void;
  /** The row action running or last run, and the one its dialog is open for. */
  acting: { jobId: string; kind: RowActionKind } | null;
  dialog: { row: QueueRowState; kind: "resolve" | "dismiss" } | null;
  action: ReturnType<typeof useStaffAction>;
  /** The outcome of the last action: kept here so it stays on screen when its rows (or all of them) leave the list. */
  outcome: string | BulkOutcomeData;
  /** "Row 2 of 3", for screen readers as focus moves. */
  announcement: string;
}

const QueueTableContext = createContext<QueueTableState | null>(null);

/** The queue table's shared state; only inside a QueueTableProvider. */
export function useQueueTable(): QueueTableState {
  const state = use(QueueTableContext);
  if (!state) throw new Error("useQueueTable is used outside a QueueTableProvider");
  return state;
}

export interface QueueTableProviderProps {
  /** What the browser needs of each row, in the table's order (the rows themselves are server-rendered children). */
  rows: readonly QueueRowState[];
  /** The job pages' common start: a row's page is this plus its id. */
  detailHrefBase: string;
  children: ReactNode;
}

/**
 * The selection, focus and row actions of a page of a staff queue. Rows are a
 * roving tab stop: Tab lands on one row, arrow keys or j/k move between rows,
 * Enter opens the job, c claims, r resolves, d dismisses, x selects.
 */
export function QueueTableProvider({ rows, detailHrefBase, children }: QueueTableProviderProps) {
  const router = useRouter();
  const rowElements = useRef<(HTMLTableRowElement | null)[]>([]);
  const [active, setActive] = useState(0);
  const activeIndex = Math.min(active, Math.max(rows.length - 1, 0));
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const selectedRows = useMemo(() => rows.filter((row) => selected.has(row.id)), [rows, selected]);
  const [announcement, setAnnouncement] = useState("");
  const [outcome, setOutcome] = useState<string | BulkOutcomeData>("");
  const action = useStaffAction();
  const [acting, setActing] = useState<{ jobId: string; kind: RowActionKind } | null>(null);
  const [dialog, setDialog] = useState<{ row: QueueRowState; kind: "resolve" | "dismiss" } | null>(null);
  // Set when a row action finishes: once the refreshed rows arrive, focus goes
  // back to the row at the same place (the acted-on row may have left the list).
  const refocus = useRef(false);

  const registerRow = useCallback((index: number, element: HTMLTableRowElement | null) => {
    rowElements.current[index] = element;
  }, []);

  const focusRow = useCallback(
    (index: number) => {
      const next = Math.max(0, Math.min(index, rows.length - 1));
      setActive(next);
      rowElements.current[next]?.focus();
      setAnnouncement(`Row ${next + 1} of ${rows.length}`);
    },
    [rows.length],
  );

  useEffect(() => {
    if (!refocus.current) return;
    refocus.current = false;
    const focused = document.activeElement;
    // Only take focus back if it was lost with the row (it fell to the body), not from wherever the person moved it.
    if (!focused || focused === document.body || !focused.isConnected) rowElements.current[activeIndex]?.focus();
  }, [rows, activeIndex]);

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

  // The rows' links are plain anchors (fewer client components per row): these
  // keep what next/link gives them, navigation without a page load and a
  // prefetch when a pointer or focus reaches one.
  const prefetched = useRef(new Set<string>());
  const onRowIntent = useCallback(
    (event: SyntheticEvent<HTMLTableRowElement>) => {
      const path = linkPath(event);
      if (!path || prefetched.current.has(path)) return;
      prefetched.current.add(path);
      router.prefetch(path);
    },
    [router],
  );
  const onRowClick = useCallback(
    (event: MouseEvent<HTMLTableRowElement>) => {
      const path = linkPath(event);
      // A modified or middle click opens a tab, as on any link.
      if (!path || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
      event.preventDefault();
      router.push(path);
    },
    [router],
  );

  const toggle = useCallback((jobId: string) => {
    setSelected((current) => {
      const next = new Set(current);
      if (!next.delete(jobId)) next.add(jobId);
      return next;
    });
  }, []);

  // Plain functions below: they close over this render's state, and every
  // consumer re-renders with the context anyway.
  function runRowAction(row: QueueRowState, kind: RowActionKind, text?: string) {
    setActing({ jobId: row.id, kind });
    setOutcome("");
    const calls = {
      claim: () => claimStaffJobAction({ jobId: row.id }),
      unassign: () => unassignStaffJobAction({ jobId: row.id }),
      resolve: () => completeStaffJobAction({ jobId: row.id, note: text }),
      dismiss: () => cancelStaffJobAction({ jobId: row.id, reason: text ?? "" }),
    } as const;
    const messages = {
      claim: `You claimed ${row.name}.`,
      unassign: `${row.name} is unassigned.`,
      resolve: `${row.name} is resolved.`,
      dismiss: `${row.name} is dismissed.`,
    } as const;
    action.run<unknown>(calls[kind], () => {
      setOutcome(messages[kind]);
      setDialog(null);
      refocus.current = true;
    });
  }

  function claim(row: QueueRowState) {
    if (row.status !== "pending")
      return setOutcome(`${row.name} is ${jobLabels.status[row.status].toLowerCase()}; only pending jobs can be claimed.`);
    if (row.assignee === "me") return setOutcome(`${row.name} is already yours.`);
    runRowAction(row, "claim");
  }

  function openDialog(row: QueueRowState, kind: "resolve" | "dismiss") {
    if (row.status !== "pending")
      return setOutcome(
        `${row.name} is ${jobLabels.status[row.status].toLowerCase()}; only pending jobs can be ${kind === "resolve" ? "resolved" : "dismissed"}.`,
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
        router.push(`${detailHrefBase}${row.id}`);
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

  const state: QueueTableState = {
    rows,
    activeIndex,
    setActive,
    registerRow,
    onRowKeyDown,
    onRowClick,
    onRowIntent,
    selected,
    toggle,
    setAllSelected: (all) => setSelected(all ? new Set(rows.map((row) => row.id)) : new Set()),
    selectedRows,
    bulkDone: (bulk) => {
      setOutcome(bulk);
      setSelected((current) => {
        const next = new Set(current);
        for (const jobId of bulk.result.succeeded) next.delete(jobId);
        return next;
      });
    },
    claim,
    runRowAction,
    openDialog,
    closeDialog: () => setDialog(null),
    acting,
    dialog,
    action,
    outcome,
    announcement,
  };
  return <QueueTableContext value={state}>{children}</QueueTableContext>;
}
