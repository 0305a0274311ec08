import "server-only";
import type { Db } from "@/lib/db/client";
import { effectiveStatus } from "@/lib/jobs";

/**
 * Where the signed-in person's "read the guide" job stands: its latest job's
 * status as they should see it (past its expiry reads as expired), or null
 * when they never had one.
 */
export async function getMyGuideJob(db: Db, userId: string) {
  const job = await db.job.findFirst({
    where: { assignedToId: userId, jobType: "onboarding.read-guide" },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    select: { status: true, expiresAt: true, completedAt: true },
  });
  return job ? { status: effectiveStatus(job), completedAt: job.completedAt } : null;
}
