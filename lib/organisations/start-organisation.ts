import type { Db } from "@/lib/db/client";
import { defaultOrganisationName } from "./organisation-roles";
import { requestOrganisationJobs } from "./request-organisation-jobs";

/**
 * Makes `user` their own organisation at sign-up ("Ann's team"), with them as
 * its owner, and requests its onboarding steps. Call it in the sign-up
 * transaction: an account never exists without its organisation.
 */
export async function startOrganisation(db: Db, user: { id: string; name: string | null; email: string }): Promise<{ id: string }> {
  const organisation = await db.organisation.create({
    data: { name: defaultOrganisationName(user), memberships: { create: { userId: user.id, role: "owner" } } },
    select: { id: true },
  });
  await requestOrganisationJobs(db, organisation.id);
  return organisation;
}
