import "server-only";
import type { Db, JobRow } from "@/lib/db/client";
import { jobCancelled, jobCompleted, jobTypeKey, type JobSource, type JobStatus } from "@/lib/jobs";

export interface FinishedJob {
  jobId: string;
  /** The job's status after the call: the new final status, or what it already was. */
  status: JobStatus;
  /** False when the job was already in that final state. */
  changed: boolean;
}

/**
 * Completes or cancels exactly the job a person picked (not any pending job of
 * its type for the target), through the engine's signals, and answers what
 * the browser needs to show.
 */
export async function finishJobRow(
  db: Db,
  job: Pick<JobRow, "id" | "jobType" | "targetType" | "targetId" | "status">,
  outcome: "completed" | "cancelled",
  by: { actorId: string; source: JobSource; note?: string | null },
): Promise<FinishedJob> {
  const signal = outcome === "completed" ? jobCompleted : jobCancelled;
  const result = await signal(db, {
    target: { type: job.targetType, id: job.targetId },
    jobType: jobTypeKey(job.jobType),
    jobId: job.id,
    by: by.actorId,
    source: by.source,
    note: by.note ?? null,
  });
  return { jobId: job.id, status: result.job?.status ?? job.status, changed: result.changed };
}
