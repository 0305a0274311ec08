import { z } from "zod";
import { notificationSecret } from "./notification-secret";
import { signTokenBody, verifiedTokenBody } from "./signed-token";

// The token in an invitation's link: the invite's id and an HMAC of it with
// the server's secret, derived when the email is rendered and never stored
// (like job-link-token.ts). The id alone, which the database holds, is not a
// working link. Single use, expiry and "only for the address it was sent to"
// are the invite row's (lib/invites/accept-invite.ts).

const PURPOSE = "invitation";

export function createInviteToken(inviteId: string, secret: string = notificationSecret()): string {
  return signTokenBody(PURPOSE, z.uuid().parse(inviteId), secret);
}

/** The invite a well-formed token signed with our secret names, or null. */
export function readInviteToken(token: unknown, secret: string = notificationSecret()): { inviteId: string } | null {
  if (typeof token !== "string" || token.length > 200) return null;
  const id = verifiedTokenBody(PURPOSE, token, secret);
  return id !== null && z.uuid().safeParse(id).success ? { inviteId: id } : null;
}
