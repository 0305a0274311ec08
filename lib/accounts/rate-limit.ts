import { type Db, Prisma, queryRows } from "@/lib/db/client";

// Rate limits kept in PostgreSQL (table rate_limits), one row per key.
//
// Why our own statement and not rate-limiter-flexible's RateLimiterPostgres:
// both come down to one atomic INSERT … ON CONFLICT per hit, but ours runs on
// the caller's Prisma handle (its transaction, the per-file test databases,
// the embedded PGlite), its table is created by our migrations and pinned by
// the schema test, and a block is a column we can read and explain ("try again
// at…"). RateLimiterPostgres wants its own pg pool and creates its table at run
// time, outside the migrations.

export interface RateLimitPolicy {
  /** Hits allowed within the window; the hit that reaches it is still allowed and starts the block. */
  limit: number;
  windowMs: number;
  /** How long the key is refused once the limit is reached. */
  blockMs: number;
}

export interface RateLimitHit {
  /** Whether this hit may go ahead. */
  allowed: boolean;
  /** Hits in the current window, this one included. */
  hits: number;
  /** When the key may be used again; null while it is not blocked. */
  blockedUntil: Date | null;
}

const MINUTE = 60_000;

/** Every limit the app applies, in one place. Keys are `${name}:${scope}:${value}`. */
export const RATE_LIMITS = {
  /** Password attempts per email address (known or not). */
  "sign-in:email": { limit: 5, windowMs: 15 * MINUTE, blockMs: 15 * MINUTE },
  /** Wrong passwords per client address, whatever the email: slows spraying one password over many accounts. */
  "sign-in:ip": { limit: 30, windowMs: 15 * MINUTE, blockMs: 15 * MINUTE },
  /** Sign-ups per client address; each costs a bcrypt hash and sends an email. */
  "sign-up:ip": { limit: 20, windowMs: 60 * MINUTE, blockMs: 60 * MINUTE },
  /** Sign-ups per email address: each sends that address an email. */
  "sign-up:email": { limit: 3, windowMs: 60 * MINUTE, blockMs: 60 * MINUTE },
  /** Password reset requests per client address (per email, a pending link is reused: see request-password-reset.ts). */
  "password-reset:ip": { limit: 10, windowMs: 60 * MINUTE, blockMs: 60 * MINUTE },
  /** Email change requests per person: each mails the new address and the current one. */
  "change-email:user": { limit: 5, windowMs: 60 * MINUTE, blockMs: 60 * MINUTE },
} as const satisfies Record<string, RateLimitPolicy>;

export type RateLimitName = keyof typeof RATE_LIMITS;

export function rateLimitKey(name: RateLimitName, value: string): string {
  return `${name}:${value}`;
}

/**
 * Counts one hit for `key` and says whether it may go ahead, in one atomic
 * statement: of N concurrent hits exactly `limit` are allowed, whatever their
 * order. A hit after the window has run out (or after a block ended) starts a
 * new window. Hits while blocked are counted but do not extend the block.
 */
export async function hitRateLimit(db: Db, key: string, policy: RateLimitPolicy, now: Date = new Date()): Promise<RateLimitHit> {
  const windowOpen = new Date(now.getTime() - policy.windowMs);
  const blockEnd = new Date(now.getTime() + policy.blockMs);
  const [row] = await queryRows<{ hits: number; blockedUntil: Date | null }>(
    db,
    Prisma.sql`
      INSERT INTO rate_limits AS t (key, hits, window_start, blocked_until)
      VALUES (${key}, 1, ${now}, ${policy.limit <= 1 ? blockEnd : null})
      ON CONFLICT (key) DO UPDATE SET
        hits = CASE
          WHEN t.blocked_until > ${now} THEN t.hits + 1
          WHEN t.window_start < ${windowOpen} OR t.blocked_until IS NOT NULL THEN 1
          ELSE t.hits + 1 END,
        window_start = CASE
          WHEN t.blocked_until > ${now} THEN t.window_start
          WHEN t.window_start < ${windowOpen} OR t.blocked_until IS NOT NULL THEN ${now}
          ELSE t.window_start END,
        blocked_until = CASE
          WHEN t.blocked_until > ${now} THEN t.blocked_until
          WHEN t.window_start < ${windowOpen} OR t.blocked_until IS NOT NULL THEN ${policy.limit <= 1 ? blockEnd : null}::timestamptz
          WHEN t.hits + 1 >= ${policy.limit} THEN ${blockEnd}::timestamptz
          ELSE NULL END
      RETURNING hits, blocked_until AS "blockedUntil"`,
  );
  if (!row) throw new Error(`rate limit ${key}: the upsert returned no row`);
  const blockedUntil = row.blockedUntil && row.blockedUntil > now ? row.blockedUntil : null;
  return { allowed: row.hits <= policy.limit, hits: row.hits, blockedUntil };
}

/** Forgets `key` (a successful sign-in clears its address's wrong passwords). */
export async function clearRateLimit(db: Db, key: string): Promise<void> {
  await db.rateLimit.deleteMany({ where: { key } });
}

/**
 * Takes back one hit that turned out to be harmless (a right password from a
 * client address), unless the key is blocked: a block is never shortened.
 */
export async function refundRateLimit(db: Db, key: string, now: Date = new Date()): Promise<void> {
  await db.$executeRaw`
    UPDATE rate_limits SET hits = GREATEST(hits - 1, 0)
    WHERE key = ${key} AND (blocked_until IS NULL OR blocked_until <= ${now})`;
}
