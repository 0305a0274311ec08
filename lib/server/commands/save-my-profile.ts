import "server-only";
import { saveProfile } from "@/lib/accounts/save-profile";
import { profileSchema } from "@/lib/validation/profile";
import { command } from "../command";

/**
 * A person saves their own profile. Whose profile is never part of the input:
 * it is the signed-in person's. With every required field, saving completes
 * their "complete your profile" job (the domain does that in its transaction).
 */
export const saveMyProfile = command({ name: "saveMyProfile", input: profileSchema }, async ({ actor, input, db }) => {
  return saveProfile(db, actor.id, input);
});
