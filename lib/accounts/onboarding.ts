import type { Db } from "@/lib/db/client";
import { jobRequested, jobTypeKey, jobTypes } from "@/lib/jobs";

/**
 * Requests every onboarding job for a new user, each assigned to them and
 * about them. Idempotent, so calling it again (a retried sign-up, a backfill)
 * does not duplicate anything. Call it in the sign-up transaction.
 */
export async function requestOnboardingJobs(db: Db, userId: string): Promise<void> {
  for (const step of jobTypes.onboardingSteps()) {
    await jobRequested(db, {
      target: { type: "user", id: userId },
      jobType: jobTypeKey(step.key),
      assignedTo: userId,
      idempotent: true,
      sender: "accounts.sign-up",
    });
  }
}
