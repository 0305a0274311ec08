import type PgBoss from "pg-boss";
import { type Db, inTransaction } from "@/lib/db/client";
import { enqueueDeliveries } from "./enqueue-deliveries";
import { NOTIFICATION_QUEUES } from "./notification-queues";

/**
 * The repair sweep: email notifications still queued a while after they were
 * created whose pg-boss job is gone or finished (created before pg-boss was
 * installed, or a worker died on the last attempt) get a new delivery job
 * under the same id. Reads pg-boss 10's `pgboss.job` table directly, so it
 * runs in the worker after `boss.start()` has installed it.
 * Returns how many were enqueued again.
 */
export async function requeueStrandedDeliveries(
  db: Db,
  boss?: PgBoss,
  options: { olderThanSeconds?: number; limit?: number } = {},
): Promise<number> {
  const olderThan = options.olderThanSeconds ?? 120;
  const stranded = await db.$queryRaw<{ id: string }[]>`
    SELECT n.id FROM notifications n
    WHERE n.status = 'queued' AND n.channel = 'email'
      AND n.created_at < now() - ${olderThan} * interval '1 second'
      AND NOT EXISTS (
        SELECT 1 FROM pgboss.job j
        WHERE j.name = ${NOTIFICATION_QUEUES.deliver} AND j.id = n.id AND j.state < 'completed')
    ORDER BY n.created_at
    LIMIT ${options.limit ?? 500}`;
  if (stranded.length === 0) return 0;
  const ids = stranded.map((n) => n.id);
  await inTransaction(db, async (tx) => {
    // A finished job keeps its id until pg-boss archives it: make room first.
    await tx.$executeRaw`
      DELETE FROM pgboss.job WHERE name = ${NOTIFICATION_QUEUES.deliver} AND id = ANY(${ids}::uuid[]) AND state >= 'completed'`;
    await enqueueDeliveries(tx, ids, boss);
  });
  return ids.length;
}
