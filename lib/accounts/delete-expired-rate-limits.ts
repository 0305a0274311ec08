import type { SqlDb } from "@/lib/db/client";
import { RATE_LIMITS } from "./rate-limit";

/** The longest window of any policy: a row older than this, and not blocked, no longer counts. */
const LONGEST_WINDOW_MS = Math.max(...Object.values(RATE_LIMITS).map((p) => p.windowMs));

/**
 * Deletes rate_limits rows whose window has run out and whose block (if any)
 * is over: the next hit of such a key starts a new window at 1, exactly as
 * if the row were not there. In batches, skipping rows a hit holds right now.
 * Returns the rows deleted.
 */
export async function deleteExpiredRateLimits(db: SqlDb, options: { batchSize?: number } = {}): Promise<number> {
  const batchSize = options.batchSize ?? 1000;
  let deleted = 0;
  for (;;) {
    const count = await db.$executeRaw`
      DELETE FROM rate_limits WHERE key IN (
        SELECT key FROM rate_limits
        WHERE window_start < now() - make_interval(secs => ${LONGEST_WINDOW_MS / 1000})
          AND (blocked_until IS NULL OR blocked_until < now())
        LIMIT ${batchSize}
        FOR UPDATE SKIP LOCKED)`;
    deleted += count;
    if (count < batchSize) return deleted;
  }
}
