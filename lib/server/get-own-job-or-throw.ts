import "server-only";
import type { Db, JobRow } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { jobTypes, type JobTypeDefinition } from "@/lib/jobs";
import { getJob } from "./get-job-or-throw";
import type { Actor } from "./session";

export interface OwnJob {
  job: JobRow;
  definition: JobTypeDefinition;
}

/**
 * A job on `actor`'s own list: assigned to them and of a type meant for users.
 * Someone else's job answers exactly like a missing one (`not_found`), so ids
 * cannot be probed to learn what others have to do.
 */
export async function getOwnJobOrThrow(db: Db, actor: Actor, jobId: string): Promise<OwnJob> {
  const job = await getJob(db, jobId);
  const definition = job ? jobTypes.get(job.jobType) : undefined;
  if (!job || !definition || job.assignedToId !== actor.id || definition.audience !== "user") {
    throw new AppError("not_found", "That job is not on your list. Reload the page to see your current jobs.", {
      internal: `job ${jobId} is missing or not owned by ${actor.id}`,
    });
  }
  return { job, definition };
}
