import { type Db, inTransaction } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { autoCompleteJob } from "@/lib/jobs";

/**
 * Marks the user's email as verified (they opened the emailed link) and
 * completes their "verify your email" job. Opening the link again is harmless.
 * Returns when the address was verified.
 */
export async function verifyEmail(db: Db, userId: string): Promise<Date> {
  return inTransaction(db, async (tx) => {
    const user = await tx.user.findUnique({ where: { id: userId }, select: { emailVerified: true } });
    if (!user) throw new AppError("not_found", "This verification link belongs to an account that no longer exists.");
    const verifiedAt =
      user.emailVerified ?? (await tx.user.update({ where: { id: userId }, data: { emailVerified: new Date() } })).emailVerified!;
    await autoCompleteJob(tx, { target: { type: "user", id: userId }, jobType: "onboarding.verify-email" });
    return verifiedAt;
  });
}
