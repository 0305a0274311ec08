import { type Db, inTransaction } from "@/lib/db/client";
import { hashPassword, verifyPassword } from "@/lib/auth/password";
import { AppError } from "@/lib/errors";
import { jobCancelled } from "@/lib/jobs";
import { changePasswordSchema, type ChangePasswordInput } from "@/lib/validation/account";
import { fieldErrors } from "@/lib/validation/field-errors";
import { hitRateLimit, RATE_LIMITS, rateLimitKey, clearRateLimit } from "./rate-limit";
import { retryIn } from "./retry-in";

/**
 * Changes the signed-in person's password, which needs the current one: a
 * session left open on a shared computer is not enough. Checking it counts as
 * a sign-in attempt for the address (same limit), so a stolen session cannot
 * guess it either. Raises the session version, which signs out every other
 * session (the caller signs this one in again), and cancels a pending reset
 * link and a pending email change. Returns the account's email.
 */
export async function changePassword(
  db: Db,
  userId: string,
  rawInput: ChangePasswordInput,
  now: Date = new Date(),
): Promise<{ email: string }> {
  const parsed = changePasswordSchema.safeParse(rawInput);
  if (!parsed.success) {
    throw new AppError("invalid_input", "Please check the highlighted fields.", { fieldErrors: fieldErrors(parsed.error) });
  }
  const user = await db.user.findUnique({ where: { id: userId }, select: { email: true, passwordHash: true } });
  if (!user) throw new AppError("unauthenticated", "Your account no longer exists.");
  const limitKey = rateLimitKey("sign-in:email", user.email);
  const hit = await hitRateLimit(db, limitKey, RATE_LIMITS["sign-in:email"], now);
  if (!hit.allowed) {
    throw new AppError("rate_limited", `Too many wrong passwords for this account. Please ${retryIn(hit.blockedUntil ?? now, now)}.`);
  }
  if (!(await verifyPassword(parsed.data.currentPassword, user.passwordHash))) {
    throw new AppError("invalid_input", "Your current password is not right.", {
      fieldErrors: { currentPassword: ["That is not your current password."] },
    });
  }
  const passwordHash = await hashPassword(parsed.data.newPassword);
  await inTransaction(db, async (tx) => {
    await tx.user.update({ where: { id: userId }, data: { passwordHash, sessionVersion: { increment: 1 } } });
    await jobCancelled(tx, {
      target: { type: "user", id: userId },
      jobType: "account.reset-password",
      by: userId,
      source: "user",
      note: "The password was changed.",
    });
    // Whoever asked for an email change knew the old password: it ends with it.
    await jobCancelled(tx, {
      target: { type: "user", id: userId },
      jobType: "account.change-email",
      by: userId,
      source: "user",
      note: "The password was changed.",
    });
  });
  await clearRateLimit(db, limitKey);
  return { email: user.email };
}
