import { type Db, inTransaction } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { fieldErrors } from "@/lib/validation/field-errors";
import { setMemberRoleSchema, type SetMemberRoleInput } from "@/lib/validation/organisations";
import type { OrganisationRole } from "./organisation-roles";

/**
 * The owner makes a member of their organisation an admin, or an admin a
 * member again. Only the owner (admins run the team's jobs, not its people),
 * only people of the owner's own organisation (anyone else answers like a
 * missing member), and never the owner's own role: a team always has its
 * owner. Both memberships are read in the transaction, not taken from the
 * browser.
 */
export async function setMemberRole(
  db: Db,
  actorId: string,
  rawInput: SetMemberRoleInput,
): Promise<{ userId: string; role: OrganisationRole }> {
  const parsed = setMemberRoleSchema.safeParse(rawInput);
  if (!parsed.success)
    throw new AppError("invalid_input", "Choose a member of your team and a role.", { fieldErrors: fieldErrors(parsed.error) });
  const { userId, role } = parsed.data;
  return inTransaction(db, async (tx) => {
    const rows = await tx.$queryRaw<{ userId: string; organisationId: string; role: OrganisationRole }[]>`
      SELECT user_id::text AS "userId", organisation_id::text AS "organisationId", role::text AS role
      FROM memberships WHERE user_id IN (${actorId}::uuid, ${userId}::uuid) FOR UPDATE`;
    const actor = rows.find((r) => r.userId === actorId);
    const target = rows.find((r) => r.userId === userId);
    if (!actor || actor.role !== "owner") throw new AppError("not_allowed", "Only your team's owner can change who is an admin.");
    if (!target || target.organisationId !== actor.organisationId) {
      throw new AppError("not_found", "That person is not in your team. Reload the page to see its members.");
    }
    if (target.role === "owner") throw new AppError("not_allowed", "The owner's role cannot be changed.");
    await tx.membership.update({ where: { userId }, data: { role } });
    return { userId, role };
  });
}
