import type { SqlDb } from "@/lib/db/client";
import { IDEMPOTENCY_RETENTION_HOURS } from "./api-route";

export interface DeleteExpiredIdempotencyKeysOptions {
  /** Keys claimed longer ago than this are deleted (48, the time their answer is replayed). */
  olderThanHours?: number;
  /** Rows per statement: each batch is its own short transaction, so the API never waits long on the sweep. */
  batchSize?: number;
}

/**
 * Deletes Idempotency-Keys past their replay window, oldest first, in
 * batches. A key being claimed again right now (api-route.ts resets
 * created_at under its row lock) is skipped, not waited for, and the locked
 * rows' age is checked again after locking, so a freshly reclaimed key stays.
 * Returns the rows deleted.
 */
export async function deleteExpiredIdempotencyKeys(db: SqlDb, options: DeleteExpiredIdempotencyKeysOptions = {}): Promise<number> {
  const hours = options.olderThanHours ?? IDEMPOTENCY_RETENTION_HOURS;
  const batchSize = options.batchSize ?? 1000;
  let deleted = 0;
  for (;;) {
    const count = await db.$executeRaw`
      DELETE FROM api_idempotency_keys WHERE (api_key_id, key) IN (
        SELECT api_key_id, key FROM api_idempotency_keys
        WHERE created_at < now() - make_interval(hours => ${hours})
        ORDER BY created_at LIMIT ${batchSize}
        FOR UPDATE SKIP LOCKED)`;
    deleted += count;
    if (count < batchSize) return deleted;
  }
}
