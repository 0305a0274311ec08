import { z } from "zod";
import { verifyPassword } from "@/lib/auth/password";
import { type Db, inTransaction, Prisma } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { autoCompleteJob, jobCompleted } from "@/lib/jobs";
import { readEmailChangeToken } from "@/lib/notifications/email-change-token";
import { confirmEmailChangeSchema, type ConfirmEmailChangeInput } from "@/lib/validation/account";
import { fieldErrors } from "@/lib/validation/field-errors";
import { clearRateLimit, hitRateLimit, RATE_LIMITS, rateLimitKey } from "./rate-limit";
import { retryIn } from "./retry-in";

const DEAD_LINK =
  "This link does not work any more: it was used, has expired (links work for a day), was replaced by a newer request or was cut short. Ask for a new one on your account page.";
const TAKEN =
  "This address now belongs to another account, so your email address was not changed. Your account keeps its current address; choose another one on your account page.";

const metadataSchema = z.object({ newEmail: z.email() });

/**
 * Finishes an email change from the link sent to the new address, which also
 * needs the account's password: the link proves the new mailbox, the password
 * the account. In one transaction, once: completes the link's job (a
 * conditional update, so of two tabs exactly one succeeds), sets the new
 * address as verified (the link proved it) and raises the session version,
 * which signs out every session (the caller signs this one in again).
 *
 * Refused when the address got an account since the request: nothing is
 * changed and the link stays usable until it expires. A wrong password counts
 * as a sign-in attempt for the account's address, and leaves the link as it was.
 * Returns the account's new address.
 */
export async function confirmEmailChange(
  db: Db,
  rawInput: ConfirmEmailChangeInput,
  now: Date = new Date(),
): Promise<{ userId: string; email: string }> {
  const parsed = confirmEmailChangeSchema.safeParse(rawInput);
  if (!parsed.success) {
    throw new AppError("invalid_input", "Please check the highlighted fields.", { fieldErrors: fieldErrors(parsed.error) });
  }
  const token = readEmailChangeToken(parsed.data.token);
  if (!token) throw new AppError("not_found", DEAD_LINK, { internal: "email change: malformed or forged token" });
  const job = await db.job.findUnique({
    where: { id: token.jobId },
    select: { jobType: true, targetType: true, targetId: true, metadata: true, status: true, expiresAt: true },
  });
  const metadata = metadataSchema.safeParse(job?.metadata);
  if (!job || job.jobType !== "account.change-email" || job.targetType !== "user" || !metadata.success)
    throw new AppError("not_found", DEAD_LINK);
  // Checked again, atomically, by the completion below; here so a dead link does not cost a password attempt.
  if (job.status !== "pending" || (job.expiresAt && job.expiresAt <= now)) throw new AppError("not_found", DEAD_LINK);
  const userId = job.targetId;
  const newEmail = metadata.data.newEmail;

  const user = await db.user.findUnique({ where: { id: userId }, select: { email: true, passwordHash: true } });
  if (!user) throw new AppError("not_found", DEAD_LINK, { internal: "email change: the account is gone" });
  const passwordKey = rateLimitKey("sign-in:email", user.email);
  const attempt = await hitRateLimit(db, passwordKey, RATE_LIMITS["sign-in:email"], now);
  if (!attempt.allowed) {
    throw new AppError("rate_limited", `Too many wrong passwords for this account. Please ${retryIn(attempt.blockedUntil ?? now, now)}.`);
  }
  if (!(await verifyPassword(parsed.data.password, user.passwordHash))) {
    throw new AppError("invalid_input", "That is not the password of the account that asked for this change.", {
      fieldErrors: { password: ["That is not your password."] },
    });
  }

  try {
    await inTransaction(db, async (tx) => {
      let finished;
      try {
        finished = await jobCompleted(tx, {
          target: { type: "user", id: userId },
          jobType: "account.change-email",
          jobId: token.jobId,
          by: userId,
          source: "user",
        });
      } catch (error) {
        if (error instanceof AppError && ["job_expired", "job_cancelled", "job_completed"].includes(error.code)) {
          throw new AppError("not_found", DEAD_LINK, { cause: error });
        }
        throw error;
      }
      if (!finished.changed) throw new AppError("not_found", DEAD_LINK, { internal: "email change: link already used" });
      const taken = await tx.user.findUnique({ where: { email: newEmail }, select: { id: true } });
      if (taken && taken.id !== userId) throw new AppError("conflict", TAKEN);
      await tx.user.update({ where: { id: userId }, data: { email: newEmail, emailVerified: now, sessionVersion: { increment: 1 } } });
      await autoCompleteJob(tx, { target: { type: "user", id: userId }, jobType: "onboarding.verify-email" });
    });
  } catch (error) {
    // Taken between the check above and the update: the unique index answers.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002")
      throw new AppError("conflict", TAKEN, { cause: error });
    throw error;
  }
  await clearRateLimit(db, passwordKey);
  return { userId, email: newEmail };
}
