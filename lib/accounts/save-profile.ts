import { type Db, inTransaction } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { autoCompleteJob } from "@/lib/jobs";
import { fieldErrors } from "@/lib/validation/field-errors";
import { profileSchema, type ProfileInput } from "@/lib/validation/profile";

/**
 * Saves the user's profile. Saved with every required field, it completes the
 * "complete your profile" onboarding job in the same transaction.
 */
export async function saveProfile(db: Db, userId: string, rawInput: ProfileInput) {
  const parsed = profileSchema.safeParse(rawInput);
  if (!parsed.success)
    throw new AppError("invalid_input", "Please check the highlighted fields.", { fieldErrors: fieldErrors(parsed.error) });
  return inTransaction(db, async (tx) => {
    const user = await tx.user.update({
      where: { id: userId },
      data: parsed.data,
      select: { id: true, name: true, company: true, jobTitle: true },
    });
    await autoCompleteJob(tx, { target: { type: "user", id: userId }, jobType: "onboarding.complete-profile" });
    return user;
  });
}
