import type { JobPriority, JobStatus } from "@/lib/db/client";
import type { DueDateProps } from "./due-date";

/**
 * One row of a queue table as the browser gets it: plain data, with the
 * relative times already put into words on the server (so the server's and
 * the browser's render agree).
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
  assignee: { id: string; name: string } | null;
}

/** A staff member in an "assign to" select. */
export interface StaffOption {
  id: string;
  label: string;
}
