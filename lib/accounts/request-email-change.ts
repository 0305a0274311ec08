import { verifyPassword } from "@/lib/auth/password";
import { type Db, inTransaction } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { jobCancelled, jobRequested } from "@/lib/jobs";
import { queueAddressedEmail } from "@/lib/notifications/queue-addressed-email";
import { requestEmailChangeSchema, type RequestEmailChangeInput } from "@/lib/validation/account";
import { fieldErrors } from "@/lib/validation/field-errors";
import { clearRateLimit, hitRateLimit, RATE_LIMITS, rateLimitKey } from "./rate-limit";
import { retryIn } from "./retry-in";

export interface RequestEmailChangeResult {
  jobId: string;
  /** Whether the link went out; false when the address has an account (for tests: the person is told the same). */
  mailed: boolean;
}

/**
 * Starts changing the signed-in person's email address, which needs their
 * current password (a session left open is not enough). Requests an
 * "account.change-email" job holding the new address, whose rule tells the
 * current address, and queues the confirmation link to the new address
 * (confirmEmailChange finishes it). A newer request replaces a pending one.
 *
 * An address that already has an account gets no email but the same job and
 * the same answer, so the form never tells whether an address is registered.
 * Limited per person ("change-email:user"); the password check counts as a
 * sign-in attempt for the account's address, as in changePassword.
 */
export async function requestEmailChange(
  db: Db,
  userId: string,
  rawInput: RequestEmailChangeInput,
  now: Date = new Date(),
): Promise<RequestEmailChangeResult> {
  const parsed = requestEmailChangeSchema.safeParse(rawInput);
  if (!parsed.success) {
    throw new AppError("invalid_input", "Please check the highlighted fields.", { fieldErrors: fieldErrors(parsed.error) });
  }
  const { newEmail, currentPassword } = parsed.data;
  const user = await db.user.findUnique({ where: { id: userId }, select: { email: true, passwordHash: true } });
  if (!user) throw new AppError("unauthenticated", "Your account no longer exists.");

  const requests = await hitRateLimit(db, rateLimitKey("change-email:user", userId), RATE_LIMITS["change-email:user"], now);
  if (!requests.allowed) {
    throw new AppError(
      "rate_limited",
      `You asked to change your email address too often. Please ${retryIn(requests.blockedUntil ?? now, now)}.`,
    );
  }
  const passwordKey = rateLimitKey("sign-in:email", user.email);
  const attempt = await hitRateLimit(db, passwordKey, RATE_LIMITS["sign-in:email"], now);
  if (!attempt.allowed) {
    throw new AppError("rate_limited", `Too many wrong passwords for this account. Please ${retryIn(attempt.blockedUntil ?? now, now)}.`);
  }
  if (!(await verifyPassword(currentPassword, user.passwordHash))) {
    throw new AppError("invalid_input", "Your current password is not right.", {
      fieldErrors: { currentPassword: ["That is not your current password."] },
    });
  }
  await clearRateLimit(db, passwordKey);
  if (newEmail === user.email) {
    throw new AppError("invalid_input", "That is already your email address.", {
      fieldErrors: { newEmail: ["That is already your email address."] },
    });
  }

  return inTransaction(db, async (tx) => {
    const target = { type: "user", id: userId };
    await jobCancelled(tx, { target, jobType: "account.change-email", by: userId, source: "user", note: "A newer request replaced it." });
    const { job } = await jobRequested(tx, {
      target,
      jobType: "account.change-email",
      metadata: { newEmail },
      sender: "requestEmailChange",
      by: userId,
      source: "user",
    });
    const taken = await tx.user.findUnique({ where: { email: newEmail }, select: { id: true } });
    if (taken) return { jobId: job.id, mailed: false };
    await queueAddressedEmail(tx, { jobId: job.id, senderId: userId, to: newEmail, template: "confirm-email-change", rule: "new-address" });
    return { jobId: job.id, mailed: true };
  });
}
