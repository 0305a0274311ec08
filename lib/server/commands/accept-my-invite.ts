import "server-only";
import { acceptInvite } from "@/lib/invites/accept-invite";
import { acceptInviteSchema } from "@/lib/validation/organisations";
import { command } from "../command";

/** The signed-in person accepts the invitation whose link they opened (its email must be theirs). */
export const acceptMyInvite = command({ name: "acceptMyInvite", input: acceptInviteSchema }, async ({ actor, input, db }) => {
  const accepted = await acceptInvite(db, actor, input.token);
  return { organisationName: accepted.organisationName, joined: accepted.joined };
});
