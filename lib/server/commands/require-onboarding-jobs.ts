import "server-only";
import type { Db, JobRow } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { jobTypes } from "@/lib/jobs";

export type OnboardingJobRef = Pick<JobRow, "id" | "jobType" | "targetType" | "targetId" | "status">;

/**
 * The jobs behind `jobIds`, each checked to be an onboarding job, in the
 * order given. The insights bulk actions act only on onboarding jobs: an id
 * of any other job (a staff queue's, a document's) or of no job at all is
 * refused, for the whole request, before anything changes.
 */
export async function requireOnboardingJobs(db: Db, jobIds: readonly string[]): Promise<OnboardingJobRef[]> {
  const ids = [...new Set(jobIds)];
  const onboardingTypes = jobTypes.onboardingSteps().map((step) => step.key);
  const rows = await db.job.findMany({
    where: { id: { in: ids } },
    select: { id: true, jobType: true, targetType: true, targetId: true, status: true },
  });
  const byId = new Map(rows.map((row) => [row.id, row]));
  if (ids.some((id) => !byId.has(id))) {
    throw new AppError("not_found", "Some of the selected jobs do not exist. Reload the list and select again.", {
      internal: `unknown job ids among ${ids.length}`,
    });
  }
  if (rows.some((row) => !onboardingTypes.includes(row.jobType))) {
    throw new AppError("not_allowed", "Only onboarding jobs can be changed from the funnel. Reload the list and select again.", {
      fieldErrors: { jobIds: ["Select onboarding jobs only."] },
    });
  }
  return ids.map((id) => byId.get(id)!);
}
