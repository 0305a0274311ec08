import "server-only";
import { setMemberRole } from "@/lib/organisations/set-member-role";
import { setMemberRoleSchema } from "@/lib/validation/organisations";
import { command } from "../command";

/** The owner of the actor's organisation makes one of its members an admin, or an admin a member. */
export const setMyMemberRole = command({ name: "setMyMemberRole", input: setMemberRoleSchema }, async ({ actor, input, db }) =>
  setMemberRole(db, actor.id, input),
);
