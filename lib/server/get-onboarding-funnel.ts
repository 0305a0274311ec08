import "server-only";
import type { Db } from "@/lib/db/client";
import { jobTypes } from "@/lib/jobs";

export interface OnboardingStepCount {
  step: number;
  jobType: string;
  title: string;
  /** People for whom this step is still pending now (expired jobs do not count). */
  pending: number;
}

/** The onboarding steps in order, each with how many of its jobs are pending. */
export async function getOnboardingFunnel(db: Db): Promise<OnboardingStepCount[]> {
  const steps = jobTypes.onboardingSteps();
  const groups = await db.job.groupBy({
    by: ["jobType"],
    where: {
      status: "pending",
      jobType: { in: steps.map((definition) => definition.key) },
      OR: [{ expiresAt: null }, { expiresAt: { gt: new Date() } }],
    },
    _count: { _all: true },
  });
  const counts = new Map(groups.map((group) => [group.jobType, group._count._all]));
  return steps.map((definition) => ({
    step: definition.onboardingStep,
    jobType: definition.key,
    title: definition.title,
    pending: counts.get(definition.key) ?? 0,
  }));
}
