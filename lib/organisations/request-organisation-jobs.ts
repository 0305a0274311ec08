import type { Db } from "@/lib/db/client";
import { jobRequested, jobTypeKey, jobTypes } from "@/lib/jobs";

/**
 * Requests every onboarding step of a new organisation. Each job is about the
 * organisation (target type "organisation") and assigned to nobody.
 *
 * Why no assignee: the engine's assignee is one opaque id, and what these jobs
 * need is "whoever of this organisation is an admin (or a member) now". A
 * group id in the assignee ("org:<id>:admins") would have to be kept out of
 * every place that reads the assignee as a person (notifications, claims, the
 * per-person funnel, the API's uuid checks), and a role change would still
 * be the host's to apply. So the job stays a plain job about its target, the
 * type says which group it is for (`eligible` in the registry), and the host
 * decides from its memberships who sees and does it (the team's todo list
 * in lib/server/queries/team-todo-list.ts, saveCompanyDetails). The engine
 * knows nothing of teams.
 *
 * Idempotent: asking again changes nothing. Call it in the transaction that
 * makes the organisation.
 */
export async function requestOrganisationJobs(db: Db, organisationId: string): Promise<void> {
  for (const step of jobTypes.organisationSteps()) {
    await jobRequested(db, {
      target: { type: "organisation", id: organisationId },
      jobType: jobTypeKey(step.key),
      idempotent: true,
      sender: "organisations.start",
    });
  }
}
