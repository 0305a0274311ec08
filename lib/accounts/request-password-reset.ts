import { type Db, inTransaction } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { jobRequested } from "@/lib/jobs";
import { requestPasswordResetSchema } from "@/lib/validation/account";
import { hitRateLimit, RATE_LIMITS, rateLimitKey } from "./rate-limit";
import { retryIn } from "./retry-in";

export interface RequestPasswordResetInput {
  email: string;
  clientAddress: string;
}

/**
 * Emails the owner of `email` a single-use reset link: requests an
 * "account.reset-password" job, whose notification is that email. For an
 * address without an account nothing is sent and the answer is the same.
 *
 * Asking again while a link is pending (an hour) sends nothing new: the job
 * request is idempotent. That is the per-address limit, and one an attacker
 * cannot turn against the owner: every request they make leaves the owner a
 * working link in their own mailbox and nothing more. Requests are also
 * limited per client address ("password-reset:ip"), so nobody can make us
 * mail many addresses. Returns whether a new email was queued (for tests; the
 * person is told the same either way).
 */
export async function requestPasswordReset(
  db: Db,
  rawInput: RequestPasswordResetInput,
  now: Date = new Date(),
): Promise<{ queued: boolean }> {
  const { email } = requestPasswordResetSchema.parse({ email: rawInput.email });
  await admitPasswordResetRequest(db, rawInput.clientAddress, now);
  return sendPasswordReset(db, email);
}

/**
 * The part of a reset request that runs before the answer: the per-client
 * limit, the same work whatever the address. Throws `rate_limited`.
 *
 * The answer must not depend on whether the address has an account, and
 * neither may its timing: looking the address up and requesting the job (with
 * its notification and queue rows) takes measurably longer than finding
 * nobody. So the action answers after this, and runs `sendPasswordReset`
 * after the response (`after()` from next/server).
 */
export async function admitPasswordResetRequest(db: Db, clientAddress: string, now: Date = new Date()): Promise<void> {
  const hit = await hitRateLimit(db, rateLimitKey("password-reset:ip", clientAddress), RATE_LIMITS["password-reset:ip"], now);
  if (!hit.allowed) {
    throw new AppError("rate_limited", `Too many reset requests from your network. Please ${retryIn(hit.blockedUntil ?? now, now)}.`);
  }
}

/** Looks the (already validated) address up and, for an account, requests the reset job whose notification is the email. */
export async function sendPasswordReset(db: Db, email: string): Promise<{ queued: boolean }> {
  const user = await db.user.findUnique({ where: { email }, select: { id: true } });
  if (!user) return { queued: false };
  return inTransaction(db, async (tx) => {
    const { created } = await jobRequested(tx, {
      target: { type: "user", id: user.id },
      jobType: "account.reset-password",
      idempotent: true,
      sender: "requestPasswordReset",
    });
    return { queued: created };
  });
}
