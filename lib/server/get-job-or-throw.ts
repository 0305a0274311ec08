import "server-only";
import { z } from "zod";
import type { Db, JobRow } from "@/lib/db/client";
import { AppError } from "@/lib/errors";

/** The job with this id, or null (also for a string that is not a uuid). */
export async function getJob(db: Db, jobId: string): Promise<JobRow | null> {
  if (!z.uuid().safeParse(jobId).success) return null;
  return db.job.findUnique({ where: { id: jobId } });
}

/** The job with this id; throws `not_found` when there is none. */
export async function getJobOrThrow(db: Db, jobId: string): Promise<JobRow> {
  const job = await getJob(db, jobId);
  if (!job) throw new AppError("not_found", "That job no longer exists. Reload the page to see the current list.");
  return job;
}
