import { type Db, inTransaction } from "@/lib/db/client";
import { hashPassword } from "@/lib/auth/password";
import { AppError } from "@/lib/errors";
import { jobCancelled, jobCompleted } from "@/lib/jobs";
import { readPasswordResetToken } from "@/lib/notifications/password-reset-token";
import { resetPasswordSchema, type ResetPasswordInput } from "@/lib/validation/account";
import { fieldErrors } from "@/lib/validation/field-errors";
import { clearRateLimit, rateLimitKey } from "./rate-limit";

const DEAD_LINK =
  "This reset link does not work any more: it was used, has expired (links work for an hour) or was cut short. Ask for a new one.";

/**
 * Sets a new password from an emailed reset link, once: completing the link's
 * job (jobCompleted, a conditional update) and setting the password happen in
 * one transaction, so of two tabs using one link exactly one succeeds. Raises
 * the session version (every session signed in before ends) and lifts the
 * sign-in pause of the address: the owner proved they read its mail. Cancels
 * a pending email change (asked for with the old password).
 * Returns the account's email, for signing in right after.
 */
export async function resetPassword(db: Db, rawInput: ResetPasswordInput): Promise<{ userId: string; email: string }> {
  const parsed = resetPasswordSchema.safeParse(rawInput);
  if (!parsed.success) {
    throw new AppError("invalid_input", "Please check the highlighted fields.", { fieldErrors: fieldErrors(parsed.error) });
  }
  const token = readPasswordResetToken(parsed.data.token);
  if (!token) throw new AppError("not_found", DEAD_LINK, { internal: "password reset: malformed or forged token" });
  const passwordHash = await hashPassword(parsed.data.password);

  const user = await inTransaction(db, async (tx) => {
    const job = await tx.job.findUnique({ where: { id: token.jobId }, select: { jobType: true, targetType: true, targetId: true } });
    if (!job || job.jobType !== "account.reset-password" || job.targetType !== "user") throw new AppError("not_found", DEAD_LINK);
    let finished;
    try {
      finished = await jobCompleted(tx, {
        target: { type: "user", id: job.targetId },
        jobType: "account.reset-password",
        jobId: token.jobId,
        by: job.targetId,
        source: "user",
      });
    } catch (error) {
      if (error instanceof AppError && ["job_expired", "job_cancelled", "job_completed"].includes(error.code)) {
        throw new AppError("not_found", DEAD_LINK, { cause: error });
      }
      throw error;
    }
    // Completed before (the link was used): nothing to change.
    if (!finished.changed) throw new AppError("not_found", DEAD_LINK, { internal: "password reset: link already used" });
    // An email change asked for with the old password ends with it: this is what the "your address is being changed" email tells the owner to do.
    await jobCancelled(tx, {
      target: { type: "user", id: job.targetId },
      jobType: "account.change-email",
      by: job.targetId,
      source: "user",
      note: "The password was reset.",
    });
    return tx.user.update({
      where: { id: job.targetId },
      data: { passwordHash, sessionVersion: { increment: 1 } },
      select: { id: true, email: true },
    });
  });
  await clearRateLimit(db, rateLimitKey("sign-in:email", user.email));
  return { userId: user.id, email: user.email };
}
