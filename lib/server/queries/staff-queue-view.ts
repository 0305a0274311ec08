import "server-only";
import type { Db } from "@/lib/db/client";
import { describeTargets, type TargetDescription } from "@/lib/server/target-describers";
import { listStaffMembers, type StaffMember } from "./staff-members";
import { listQueue, type QueueFilters, type QueuePage, type QueueRow } from "./staff-queue";

export interface StaffQueueView {
  page: Omit<QueuePage, "rows"> & { rows: (QueueRow & { target: TargetDescription })[] };
  staffMembers: StaffMember[];
}

/**
 * Everything a staff queue page reads: the page of jobs, what each job is
 * about (one statement for the whole page), and the people it may be assigned
 * to. Three statements whatever the page's length; the staff list is read
 * while the page is.
 */
export async function getStaffQueueView(db: Db, jobType: string, filters: QueueFilters, me: string): Promise<StaffQueueView> {
  const [page, staffMembers] = await Promise.all([
    listQueue(db, jobType, filters, me).then(async (queue) => {
      const describe = await describeTargets(db, queue.rows);
      return { ...queue, rows: queue.rows.map((row) => ({ ...row, target: describe(row) })) };
    }),
    listStaffMembers(db),
  ]);
  return { page, staffMembers };
}
