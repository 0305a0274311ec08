import { type Db, Prisma, queryRows } from "@/lib/db/client";

// Guessing passwords is slowed down per email address: after MAX_FAILURES
// wrong passwords within WINDOW, sign-in with that address is refused for
// LOCK, whatever the password. Unknown addresses are counted the same way, so
// the answer never tells whether an account exists. The counting is one
// atomic upsert, so concurrent guesses cannot slip past the limit.

export interface SignInThrottlePolicy {
  maxFailures: number;
  windowMs: number;
  lockMs: number;
}

export const SIGN_IN_THROTTLE: SignInThrottlePolicy = { maxFailures: 5, windowMs: 15 * 60_000, lockMs: 15 * 60_000 };

/** Null when the address may try to sign in now; otherwise when it may try again. */
export async function signInLockedUntil(db: Db, email: string, now: Date = new Date()): Promise<Date | null> {
  const row = await db.signInThrottle.findUnique({ where: { email }, select: { lockedUntil: true } });
  return row?.lockedUntil && row.lockedUntil > now ? row.lockedUntil : null;
}

/**
 * Counts one wrong password for `email`. A failure after the window has run
 * out starts a new window; the failure that reaches the limit locks the
 * address. Returns the lock's end when this failure locked it (or it was locked).
 */
export async function recordSignInFailure(db: Db, email: string, now: Date = new Date(), policy: SignInThrottlePolicy = SIGN_IN_THROTTLE): Promise<Date | null> {
  const windowOpen = new Date(now.getTime() - policy.windowMs);
  const lockEnd = new Date(now.getTime() + policy.lockMs);
  const [row] = await queryRows<{ lockedUntil: Date | null }>(
    db,
    Prisma.sql`
      INSERT INTO sign_in_throttle AS t (email, failures, window_start, locked_until)
      VALUES (${email}, 1, ${now}, ${policy.maxFailures <= 1 ? lockEnd : null})
      ON CONFLICT (email) DO UPDATE SET
        failures = CASE WHEN t.window_start < ${windowOpen} THEN 1 ELSE t.failures + 1 END,
        window_start = CASE WHEN t.window_start < ${windowOpen} THEN ${now} ELSE t.window_start END,
        locked_until = CASE
          WHEN t.locked_until > ${now} THEN t.locked_until
          WHEN t.window_start >= ${windowOpen} AND t.failures + 1 >= ${policy.maxFailures} THEN ${lockEnd}
          ELSE NULL
        END
      RETURNING locked_until AS "lockedUntil"`,
  );
  return row?.lockedUntil && row.lockedUntil > now ? row.lockedUntil : null;
}

/** A successful sign-in forgets the address's failures. */
export async function clearSignInFailures(db: Db, email: string): Promise<void> {
  await db.signInThrottle.deleteMany({ where: { email } });
}
