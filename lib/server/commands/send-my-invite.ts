import "server-only";
import { sendInvite } from "@/lib/invites/send-invite";
import { inviteSchema } from "@/lib/validation/invites";
import { command } from "../command";

/**
 * A person invites a teammate, as themselves. It answers once the invitation
 * is stored and its email queued (`status: "sending"`); delivery or a bounce
 * comes later from the mail server, and the team page's list shows it.
 * Over the daily quota it is refused with `rate_limited` and when to try again.
 */
export const sendMyInvite = command({ name: "sendMyInvite", input: inviteSchema }, async ({ actor, input, db }) => {
  return sendInvite(db, actor.id, input);
});
