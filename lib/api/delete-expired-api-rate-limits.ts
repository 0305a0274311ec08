import type { SqlDb } from "@/lib/db/client";

/**
 * Deletes api_rate_limits rows (rate-limiter-flexible's, `expire` in epoch
 * milliseconds) whose window is over: the limiter overwrites an expired row
 * on its key's next hit, so the row is worth nothing until then, and keys
 * that are revoked or rotated never hit again. The limiter's own timer
 * (clearExpiredByTimeout) is off so no process is kept alive by it.
 * Returns the rows deleted.
 */
export async function deleteExpiredApiRateLimits(db: SqlDb, options: { batchSize?: number } = {}): Promise<number> {
  const batchSize = options.batchSize ?? 1000;
  let deleted = 0;
  for (;;) {
    const count = await db.$executeRaw`
      DELETE FROM api_rate_limits WHERE key IN (
        SELECT key FROM api_rate_limits
        WHERE expire < (extract(epoch FROM now()) * 1000)::bigint
        LIMIT ${batchSize}
        FOR UPDATE SKIP LOCKED)`;
    deleted += count;
    if (count < batchSize) return deleted;
  }
}
