import { type Db, inTransaction } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { jobCompleted } from "@/lib/jobs";
import { companyDetailsSchema, type CompanyDetailsInput } from "@/lib/validation/organisations";
import { fieldErrors } from "@/lib/validation/field-errors";
import { isOrganisationAdmin, type OrganisationRole } from "./organisation-roles";

/**
 * An owner or admin saves their organisation's name and company details.
 * With the details filled in, the organisation's "add your company details"
 * job is done, recorded as done by this person (source "user": they did it by
 * hand, on the team page). Only their own organisation, and only as an owner
 * or admin: the membership is read here, in the same transaction, never
 * taken from the browser.
 */
export async function saveCompanyDetails(db: Db, userId: string, rawInput: CompanyDetailsInput) {
  const parsed = companyDetailsSchema.safeParse(rawInput);
  if (!parsed.success)
    throw new AppError("invalid_input", "Please check the highlighted fields.", { fieldErrors: fieldErrors(parsed.error) });
  const { name, website, industry } = parsed.data;

  return inTransaction(db, async (tx) => {
    const [membership] = await tx.$queryRaw<{ organisationId: string; role: OrganisationRole }[]>`
      SELECT organisation_id AS "organisationId", role::text AS role FROM memberships WHERE user_id = ${userId}::uuid FOR SHARE`;
    if (!membership) throw new AppError("not_found", "You are not part of a team yet.");
    if (!isOrganisationAdmin(membership.role)) {
      throw new AppError("not_allowed", "Only your team's owner and admins can change its details. Ask one of them.");
    }
    const organisation = await tx.organisation.update({
      where: { id: membership.organisationId },
      data: { name, website, industry },
      select: { id: true, name: true },
    });
    await jobCompleted(tx, {
      target: { type: "organisation", id: organisation.id },
      jobType: "organisation.add-company-details",
      by: userId,
      source: "user",
      metadata: { fields: ["name", "website", "industry"] },
    });
    return organisation;
  });
}
