import { verifyPassword as bcryptVerify } from "@/lib/auth/password";
import type { Role } from "@/lib/auth/roles";
import type { Db } from "@/lib/db/client";
import { clearRateLimit, hitRateLimit, RATE_LIMITS, rateLimitKey, refundRateLimit } from "./rate-limit";

export interface AuthenticateInput {
  /** Lower-cased, as signInSchema leaves it. */
  email: string;
  password: string;
  /** Where the request came from (lib/auth/client-address.ts). */
  clientAddress: string;
}

export interface AuthenticatedUser {
  id: string;
  email: string;
  name: string | null;
  role: Role;
  sessionVersion: number;
}

export type AuthenticateResult =
  | { ok: true; user: AuthenticatedUser }
  | { ok: false; reason: "wrong_password" }
  /** Paused: too many attempts for this email address, or wrong passwords from this client address. */
  | { ok: false; reason: "rate_limited"; scope: "email" | "ip"; retryAt: Date };

export interface AuthenticateOptions {
  /** bcrypt by default; tests pass a counting wrapper around it. */
  verifyPassword?: (password: string, hash: string | null | undefined) => Promise<boolean>;
  now?: Date;
}

/**
 * Checks an email and password, slowed per email address and per client
 * address (RATE_LIMITS "sign-in:*").
 *
 * Every attempt is counted BEFORE its password is looked at, in one atomic
 * statement per key: of any number of concurrent guesses for one address, at
 * most the limit ever reach bcrypt. Counting after verifying (as before) let
 * 20 parallel guesses all be evaluated while the lock was still being written.
 *
 * Unknown addresses are counted and hashed like known ones, so neither the
 * answer nor its timing tells whether an account exists. A pause only stops
 * password sign-in: the owner can always have a reset link emailed
 * (request-password-reset.ts), which no one else receives.
 */
export async function authenticate(db: Db, input: AuthenticateInput, options: AuthenticateOptions = {}): Promise<AuthenticateResult> {
  const verify = options.verifyPassword ?? bcryptVerify;
  const now = options.now ?? new Date();
  const ipKey = rateLimitKey("sign-in:ip", input.clientAddress);
  const emailKey = rateLimitKey("sign-in:email", input.email);

  const ip = await hitRateLimit(db, ipKey, RATE_LIMITS["sign-in:ip"], now);
  if (!ip.allowed) return { ok: false, reason: "rate_limited", scope: "ip", retryAt: ip.blockedUntil ?? now };
  const byEmail = await hitRateLimit(db, emailKey, RATE_LIMITS["sign-in:email"], now);
  if (!byEmail.allowed) return { ok: false, reason: "rate_limited", scope: "email", retryAt: byEmail.blockedUntil ?? now };

  const user = await db.user.findUnique({
    where: { email: input.email },
    select: { id: true, email: true, name: true, role: true, passwordHash: true, sessionVersion: true },
  });
  // Always run bcrypt, even for an unknown email (against a fixed hash), so
  // response time does not tell which addresses have accounts.
  const valid = await verify(input.password, user?.passwordHash);
  if (!user || !valid) {
    // The attempt that reached a limit was evaluated; it is answered with the pause it started.
    if (byEmail.blockedUntil) return { ok: false, reason: "rate_limited", scope: "email", retryAt: byEmail.blockedUntil };
    if (ip.blockedUntil) return { ok: false, reason: "rate_limited", scope: "ip", retryAt: ip.blockedUntil };
    return { ok: false, reason: "wrong_password" };
  }
  // The right password: the address's attempts are forgotten, and the client
  // address is only charged for wrong ones (people behind one NAT sign in too).
  await clearRateLimit(db, emailKey);
  await refundRateLimit(db, ipKey, now);
  return { ok: true, user: { id: user.id, email: user.email, name: user.name, role: user.role, sessionVersion: user.sessionVersion } };
}
