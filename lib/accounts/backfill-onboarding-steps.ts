import { type Db, Prisma, queryRows } from "@/lib/db/client";
import { jobRequested, jobsTable, jobTypeKey, jobTypes } from "@/lib/jobs";

// Versioned step sets. A step added to the registry is requested at sign-up
// (and when an organisation is made) from then on; this requests it for the
// people and organisations still onboarding when it arrived, and for no one
// else: "still onboarding" is having a pending onboarding step of the same
// kind. Someone who finished (every step completed, dismissed or expired)
// keeps their onboarding finished, and the funnel shows the new step with its
// own, smaller population. Idempotent: a target that ever had a job of the
// step (in any state) is never asked again, and requests go through the
// engine's idempotent request, so concurrent runs (several workers starting)
// and reruns change nothing. The worker runs it at start.

export interface BackfillResult {
  /** Jobs requested, per unit. */
  person: number;
  organisation: number;
}

const BATCH = 500;

/** Targets still onboarding that lack one of the unit's steps, a batch at a time. */
async function missingSteps(db: Db, targetType: "user" | "organisation", steps: string[], limit: number) {
  return queryRows<{ targetId: string; jobType: string }>(
    db,
    // The literal target type, so the planner can use the partial indexes on it.
    Prisma.sql`
    SELECT DISTINCT p.target_id AS "targetId", s.job_type AS "jobType"
    FROM ${jobsTable} p CROSS JOIN unnest(${steps}::text[]) AS s(job_type)
    WHERE p.status = 'pending' AND p.target_type = ${Prisma.raw(`'${targetType}'`)} AND p.job_type = ANY(${steps}::text[])
      AND NOT EXISTS (
        SELECT 1 FROM ${jobsTable} x
        WHERE x.target_type = ${Prisma.raw(`'${targetType}'`)} AND x.target_id = p.target_id AND x.job_type = s.job_type
      )
    ORDER BY 1, 2
    LIMIT ${limit}`,
  );
}

/** Requests each current onboarding step for those still onboarding who never had it; returns how many were requested. */
export async function backfillOnboardingSteps(db: Db, { batchSize = BATCH }: { batchSize?: number } = {}): Promise<BackfillResult> {
  const units = [
    { unit: "person" as const, targetType: "user" as const, steps: jobTypes.onboardingSteps() },
    { unit: "organisation" as const, targetType: "organisation" as const, steps: jobTypes.organisationSteps() },
  ];
  const result: BackfillResult = { person: 0, organisation: 0 };
  for (const { unit, targetType, steps } of units) {
    const current = steps.filter((s) => !s.retired).map((s) => s.key);
    if (current.length < 2) continue; // With one step, nobody can be onboarding without it.
    for (;;) {
      const batch = await missingSteps(db, targetType, current, batchSize);
      let requested = 0;
      for (const { targetId, jobType } of batch) {
        const { created } = await jobRequested(db, {
          target: { type: targetType, id: targetId },
          jobType: jobTypeKey(jobType),
          ...(targetType === "user" ? { assignedTo: targetId } : {}),
          idempotent: true,
          sender: "onboarding.new-step",
        });
        if (created) requested++;
      }
      result[unit] += requested;
      // A batch that requested nothing means another run got there first (or the rest cannot be requested): stop, never spin.
      if (batch.length < batchSize || requested === 0) break;
    }
  }
  return result;
}
