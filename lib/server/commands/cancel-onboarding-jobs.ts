import "server-only";
import { z } from "zod";
import { AREA_ROLES } from "@/lib/auth/roles";
import { isAppError } from "@/lib/errors";
import { finishJobRow } from "./finish-job-row";
import { log } from "@/lib/log";
import { text } from "@/lib/validation/text";
import { command } from "../command";
import { onboardingJobIdsSchema } from "./extend-onboarding-jobs";
import { requireOnboardingJobs } from "./require-onboarding-jobs";

export const cancelOnboardingJobsSchema = z.object({
  jobIds: onboardingJobIdsSchema,
  reason: text({ label: "The reason", kind: "multiline", error: "Say why the jobs are cancelled." })
    .trim()
    .min(1, "Say why the jobs are cancelled.")
    .max(500, "The reason is longer than 500 characters."),
});
export type CancelOnboardingJobsInput = z.infer<typeof cancelOnboardingJobsSchema>;

// A job that ended on its own between listing and cancelling is not a failure:
// it simply has nothing left to cancel.
const NO_LONGER_PENDING = new Set(["job_completed", "job_expired", "job_cancelled"]);

/**
 * The product team cancels stalled people's onboarding jobs, with a reason
 * kept on each job and its event. Each job is cancelled on its own (its own
 * transaction, its own receivers), so one that fails does not stop the
 * others; the answer counts what happened.
 */
export const cancelOnboardingJobs = command(
  { name: "cancelOnboardingJobs", input: cancelOnboardingJobsSchema, roles: AREA_ROLES.insights },
  async ({ actor, input, db }) => {
    const jobs = await requireOnboardingJobs(db, input.jobIds);
    let cancelled = 0;
    let skipped = 0;
    let failed = 0;
    for (const job of jobs) {
      try {
        const result = await finishJobRow(db, job, "cancelled", { actorId: actor.id, source: "staff", note: input.reason });
        if (result.changed) cancelled += 1;
        else skipped += 1;
      } catch (error) {
        if (isAppError(error) && NO_LONGER_PENDING.has(error.code)) {
          log.debug("bulk cancel: job no longer pending", { jobId: job.id, code: error.code });
          skipped += 1;
        } else {
          log.error("bulk cancel: one job failed, carrying on with the others", {
            command: "cancelOnboardingJobs",
            jobId: job.id,
            actorId: actor.id,
            error,
          });
          failed += 1;
        }
      }
    }
    return { cancelled, skipped, failed };
  },
);
