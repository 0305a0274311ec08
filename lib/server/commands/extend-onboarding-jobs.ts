import "server-only";
import { z } from "zod";
import { AREA_ROLES } from "@/lib/auth/roles";
import { jobsExtended } from "@/lib/jobs";
import { command } from "../command";
import { requireOnboardingJobs } from "./require-onboarding-jobs";

// The limits a person meets in the form: the stalled list shows 50 people a
// page, so 200 leaves room without letting one request lock thousands of rows.
export const MAX_BULK_JOBS = 200;
export const MAX_EXTEND_DAYS = 90;

export const onboardingJobIdsSchema = z
  .array(z.uuid({ error: "That is not a valid job id." }), { error: "Select at least one person." })
  .min(1, "Select at least one person.")
  .max(MAX_BULK_JOBS, `Select at most ${MAX_BULK_JOBS} people at a time.`);

export const extendOnboardingJobsSchema = z.object({
  jobIds: onboardingJobIdsSchema,
  days: z
    .number({ error: "Enter a number of days." })
    .int("Enter a whole number of days.")
    .min(1, "Extend by at least 1 day.")
    .max(MAX_EXTEND_DAYS, `Extend by at most ${MAX_EXTEND_DAYS} days.`),
});
export type ExtendOnboardingJobsInput = z.infer<typeof extendOnboardingJobsSchema>;

/**
 * The product team gives stalled people more time: each selected onboarding
 * job expires `days` later, in one statement with an "extended" event per job
 * recording who did it. Jobs that stopped being pending meanwhile are left as
 * they are and counted as skipped.
 */
export const extendOnboardingJobs = command(
  { name: "extendOnboardingJobs", input: extendOnboardingJobsSchema, roles: AREA_ROLES.insights },
  async ({ actor, input, db }) => {
    const jobs = await requireOnboardingJobs(db, input.jobIds);
    const result = await jobsExtended(db, { jobIds: jobs.map((job) => job.id), days: input.days, by: actor.id, source: "staff" });
    return { extended: result.jobs.length, skipped: result.skipped.length, days: input.days };
  },
);
