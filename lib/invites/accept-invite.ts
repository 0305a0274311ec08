import { type Db, inTransaction } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { autoCompleteJob } from "@/lib/jobs";
import { readInviteToken } from "@/lib/notifications/invite-token";
import { joinOrganisation } from "@/lib/organisations/join-organisation";
import { completeAnsweredBounces } from "./complete-answered-bounces";

/** An organisation this size has done "invite two teammates". */
export const TEAM_OF = 3;

export interface AcceptedInvite {
  organisationId: string;
  organisationName: string;
  /** False when this person had already accepted it: nothing changed. */
  joined: boolean;
}

const LINK_INVALID = "This invitation link is not valid. Open the link from the email again, or ask for a new invitation.";

/**
 * `user` accepts the invitation the emailed link's `token` names: they join
 * the inviter's organisation as a member (leaving their own, see
 * joinOrganisation), the invite is accepted, and the inviter's "invite a
 * teammate" job is completed with source `auto`; an organisation that reaches
 * TEAM_OF members has its "invite two teammates" done too. All in one
 * transaction, with the invite's row locked, so it is used once however many
 * times the button is pressed at once.
 *
 * Refused: a token we did not sign or naming no invite (`not_found`), an
 * expired invite (`not_allowed`), one accepted by someone else (`conflict`),
 * and a signed-in account whose email is not the invite's (`not_allowed`).
 * The last is deliberate: the link is a credential mailed to one address, so
 * a forwarded or leaked link must not let another account into the team.
 * Accepting again as the same person answers the same team, `joined: false`.
 */
export async function acceptInvite(db: Db, user: { id: string; email: string }, token: string): Promise<AcceptedInvite> {
  const read = readInviteToken(token);
  if (!read) throw new AppError("not_found", LINK_INVALID, { internal: "invite token refused" });

  return inTransaction(db, async (tx) => {
    const [invite] = await tx.$queryRaw<
      { id: string; inviterId: string; email: string; status: string; expired: boolean; acceptedById: string | null }[]
    >`
      SELECT id, inviter_id AS "inviterId", email, status::text AS status, expires_at <= now() AS expired,
             accepted_by_id AS "acceptedById"
      FROM invites WHERE id = ${read.inviteId}::uuid FOR UPDATE`;
    if (!invite) throw new AppError("not_found", LINK_INVALID, { internal: `invite ${read.inviteId} is gone` });

    const [team] = await tx.$queryRaw<{ organisationId: string; organisationName: string }[]>`
      SELECT m.organisation_id AS "organisationId", o.name AS "organisationName"
      FROM memberships m JOIN organisations o ON o.id = m.organisation_id
      WHERE m.user_id = ${invite.inviterId}::uuid
      FOR SHARE OF o`;

    if (invite.status === "accepted") {
      if (invite.acceptedById === user.id && team) return { ...team, joined: false };
      throw new AppError("conflict", "This invitation has already been used. Ask your colleague for a new one.");
    }
    if (invite.email !== user.email.toLowerCase()) {
      throw new AppError(
        "not_allowed",
        "This invitation was sent to a different email address than the one you are signed in with. Sign out and sign in (or sign up) with the address it was sent to.",
      );
    }
    if (invite.expired) throw new AppError("not_allowed", "This invitation has expired. Ask your colleague to send a new one.");
    if (!team) throw new AppError("not_found", "The person who invited you is no longer part of a team. Ask them for a new invitation.");
    if (invite.inviterId === user.id) throw new AppError("not_allowed", "You cannot accept your own invitation.");

    const { members } = await joinOrganisation(tx, user.id, team.organisationId);
    await tx.$executeRaw`
      UPDATE invites SET status = 'accepted', accepted_at = now(), accepted_by_id = ${user.id}::uuid
      WHERE id = ${invite.id}::uuid AND status <> 'accepted'`;
    // An invitation that bounced (its outcome unknown, say) and was accepted after all answers that bounce.
    await completeAnsweredBounces(tx, { id: invite.id, inviterId: invite.inviterId, email: invite.email });
    await autoCompleteJob(tx, {
      target: { type: "user", id: invite.inviterId },
      jobType: "onboarding.invite-teammate",
      metadata: { inviteId: invite.id },
    });
    if (members >= TEAM_OF) {
      await autoCompleteJob(tx, {
        target: { type: "organisation", id: team.organisationId },
        jobType: "organisation.invite-two-teammates",
        metadata: { members },
      });
    }
    return { ...team, joined: true };
  });
}
