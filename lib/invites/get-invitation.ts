import type { Db } from "@/lib/db/client";
import { readInviteToken } from "@/lib/notifications/invite-token";

export type InvitationState = "open" | "accepted" | "expired" | "no-team";

export interface Invitation {
  organisationName: string;
  inviterName: string;
  /** The address it was sent to: only whoever holds the link (sent to that address) sees it. */
  email: string;
  state: InvitationState;
  /** Who accepted it, once accepted: the page greets them instead of saying it is used. */
  acceptedById: string | null;
}

/**
 * What the invitation link's page shows: whose team, invited by whom, for
 * which address, and whether it can still be accepted. Null for a link we did
 * not sign or naming no invite. Reading changes nothing (mail scanners open
 * links too): joining is the page's button (acceptInvite).
 */
export async function getInvitation(db: Db, token: unknown): Promise<Invitation | null> {
  const read = readInviteToken(token);
  if (!read) return null;
  const invite = await db.invite.findUnique({
    where: { id: read.inviteId },
    select: {
      email: true,
      status: true,
      expiresAt: true,
      acceptedById: true,
      inviter: { select: { name: true, email: true, membership: { select: { organisation: { select: { name: true } } } } } },
    },
  });
  if (!invite) return null;
  const organisationName = invite.inviter.membership?.organisation.name ?? "";
  const state: InvitationState =
    invite.status === "accepted"
      ? "accepted"
      : invite.expiresAt.getTime() <= Date.now()
        ? "expired"
        : invite.inviter.membership
          ? "open"
          : "no-team";
  return {
    organisationName,
    inviterName: invite.inviter.name ?? invite.inviter.email,
    email: invite.email,
    state,
    acceptedById: invite.acceptedById,
  };
}
