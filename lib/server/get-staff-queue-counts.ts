import "server-only";
import type { Db } from "@/lib/db/client";
import { jobTypes } from "@/lib/jobs";

export interface StaffQueueCount {
  jobType: string;
  title: string;
  description: string;
  pending: number;
}

/** Each staff job type with how many of its jobs are pending now (expired ones do not count), in registry order. */
export async function getStaffQueueCounts(db: Db): Promise<StaffQueueCount[]> {
  const staffTypes = jobTypes.byAudience("staff");
  const groups = await db.job.groupBy({
    by: ["jobType"],
    where: {
      status: "pending",
      jobType: { in: staffTypes.map((definition) => definition.key) },
      OR: [{ expiresAt: null }, { expiresAt: { gt: new Date() } }],
    },
    _count: { _all: true },
  });
  const counts = new Map(groups.map((group) => [group.jobType, group._count._all]));
  return staffTypes.map((definition) => ({
    jobType: definition.key,
    title: definition.title,
    description: definition.description,
    pending: counts.get(definition.key) ?? 0,
  }));
}
