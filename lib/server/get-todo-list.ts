import "server-only";
import type { Db } from "@/lib/db/client";
import { jobHref, jobTypes } from "@/lib/jobs";

export interface TodoItem {
  id: string;
  jobType: string;
  title: string;
  description: string;
  /** Where the job is done, if it has a page. */
  href: string | null;
  createdAt: Date;
  dueAt: Date | null;
  expiresAt: Date | null;
  /** The person may tick it off by hand (otherwise the system does when it sees it done). */
  canComplete: boolean;
  canDismiss: boolean;
}

const USER_JOB_TYPES = jobTypes.byAudience("user").map((definition) => definition.key);

/** At most this many: a person's own list is short; the full page (next issue) pages through it by cursor. */
export const TODO_LIST_LIMIT = 100;

/**
 * A person's pending jobs, oldest first. A job past its expiry is not pending
 * for anyone, even before the sweep marks it, so it is left out here.
 * Served by the (assigned_to_id, status, created_at) index.
 */
export async function getTodoList(db: Db, userId: string): Promise<TodoItem[]> {
  const rows = await db.job.findMany({
    where: {
      assignedToId: userId,
      status: "pending",
      jobType: { in: USER_JOB_TYPES },
      OR: [{ expiresAt: null }, { expiresAt: { gt: new Date() } }],
    },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    take: TODO_LIST_LIMIT,
    select: { id: true, jobType: true, targetId: true, createdAt: true, dueAt: true, expiresAt: true },
  });
  return rows.flatMap((row) => {
    const definition = jobTypes.get(row.jobType);
    // A type removed from the registry while jobs of it were pending: nothing sensible to show.
    if (!definition) return [];
    return [
      {
        id: row.id,
        jobType: row.jobType,
        title: definition.title,
        description: definition.description,
        href: jobHref(definition, row),
        createdAt: row.createdAt,
        dueAt: row.dueAt,
        expiresAt: row.expiresAt,
        canComplete: definition.completion === "manual",
        canDismiss: definition.dismissible === true,
      },
    ];
  });
}
