import type { JobPriority, JobStatus } from "@/lib/db/client";
import type { BulkStaffJobActionResult } from "@/lib/server/commands/bulk-staff-job-action";
import type { DueDateProps } from "./due-date";
import type { SlaBadgeProps } from "./sla-badge";

/**
 * One row of a queue table as the server renders it: plain data, with the
 * relative times already put into words. It stays on the server: the browser
 * gets the rendered row and, for its islands, a QueueRowState.
 */
export interface QueueTableRow {
  id: string;
  targetType: string;
  targetId: string;
  /** What the job is about in words (a person's name, a file name), from the target's describer. */
  target: { label: string; detail: string | null };
  /** The product's page for the target (a document's review page…), when it has one. */
  targetHref: string | null;
  detailHref: string;
  status: JobStatus;
  priority: JobPriority;
  createdAtIso: string;
  /** "3 days". */
  ageLabel: string;
  due: DueDateProps | null;
  /** Against its type's SLA (pending jobs of a type with one); shown when at risk or breached. */
  sla: SlaBadgeProps | null;
  assignee: { id: string; name: string } | null;
  /** How many times the exception behind the job was reported, and when it last was (in words) once it recurred. */
  occurrences: { count: number; last: { iso: string; label: string } | null };
}

/**
 * What the browser holds of a row: enough for its checkbox, its actions, its
 * shortcuts and its accessible name, and nothing it only displays.
 */
export interface QueueRowState {
  id: string;
  /** Names a failed job in a bulk outcome. */
  targetId: string;
  /** The target's words, naming the row in labels and messages ("Claim Ada Lovelace"). */
  name: string;
  /** The row's accessible name, less ", selected" (the browser adds it). */
  label: string;
  status: JobStatus;
  assignee: "me" | "other" | null;
}

/** A staff member in an "assign to" select. */
export interface StaffOption {
  id: string;
  label: string;
}

/** The outcome of a bulk action, as the queue table shows it. */
export interface BulkOutcomeData {
  result: BulkStaffJobActionResult;
  /** Job id → target id, as the rows were when the action started (failed rows may have changed since). */
  targets: Map<string, string>;
}
