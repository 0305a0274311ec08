import "server-only";
import { sendInvite } from "@/lib/invites/send-invite";
import { inviteSchema } from "@/lib/validation/invites";
import { command } from "../command";

/**
 * A person invites a teammate, as themselves. A bounce is not a refusal: the
 * invite is stored as bounced (and staff are told by the domain), so this
 * answers ok with `status: "bounced"` and the page says so.
 */
export const sendMyInvite = command({ name: "sendMyInvite", input: inviteSchema }, async ({ actor, input, db }) => {
  return sendInvite(db, actor.id, input);
});
