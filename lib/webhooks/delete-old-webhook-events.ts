import type { SqlDb } from "@/lib/db/client";

/** Days an event is kept with its deliveries and their attempt log (the delivery log admins and staff read). */
export const WEBHOOK_LOG_RETENTION_DAYS = 30;

export interface DeleteOldWebhookEventsOptions {
  olderThanDays?: number;
  /** Events per statement; each batch is its own short transaction. */
  batchSize?: number;
}

/**
 * Deletes outbox events older than the retention, oldest first, in batches;
 * their deliveries and attempt log go with them (ON DELETE CASCADE). An event
 * with a delivery still pending or being sent (a replay of an old delivery,
 * say) is kept until that delivery settles, so the worker never loses a row
 * it is about to read. Returns the events deleted.
 */
export async function deleteOldWebhookEvents(db: SqlDb, options: DeleteOldWebhookEventsOptions = {}): Promise<number> {
  const days = options.olderThanDays ?? WEBHOOK_LOG_RETENTION_DAYS;
  const batchSize = options.batchSize ?? 500;
  let deleted = 0;
  for (;;) {
    const count = await db.$executeRaw`
      DELETE FROM webhook_events WHERE id IN (
        SELECT e.id FROM webhook_events e
        WHERE e.created_at < now() - make_interval(days => ${days})
          AND NOT EXISTS (SELECT 1 FROM webhook_deliveries d WHERE d.event_id = e.id AND d.status IN ('pending', 'delivering'))
        ORDER BY e.created_at LIMIT ${batchSize}
        FOR UPDATE OF e SKIP LOCKED)`;
    deleted += count;
    if (count < batchSize) return deleted;
  }
}
