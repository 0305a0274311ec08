import "server-only";
import type { Db, JobRow } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { jobTypes, type JobTypeDefinition } from "@/lib/jobs";
import { getJobOrThrow } from "./get-job-or-throw";

/** A job staff may work on from their queues: one whose type's audience is "staff". */
export async function getStaffJobOrThrow(db: Db, jobId: string, verb: string): Promise<{ job: JobRow; definition: JobTypeDefinition }> {
  const job = await getJobOrThrow(db, jobId);
  const definition = jobTypes.get(job.jobType);
  if (!definition || definition.audience !== "staff") {
    throw new AppError("not_allowed", `This is not a staff job, so it cannot be ${verb} from the staff queues.`, {
      internal: `job ${jobId} of type ${job.jobType} is not a staff job`,
    });
  }
  return { job, definition };
}
