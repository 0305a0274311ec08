import type PgBoss from "pg-boss";
import type { SqlDb } from "@/lib/db/client";
import { log } from "@/lib/log";
import { deliverySender, NOTIFICATION_QUEUES } from "./notification-queues";
import { prismaBossDb } from "./prisma-boss-db";

let installed = false;

/**
 * Puts a delivery job on pg-boss for each notification, in `db` (pass the
 * transaction that created the notifications). The job id is the notification
 * id, so enqueuing one twice adds nothing.
 *
 * Before the worker has ever run, pg-boss's tables do not exist; then nothing
 * is enqueued (a warning is logged) and the worker's repair sweep enqueues the
 * notifications when it starts. The notifications themselves are never lost.
 */
export async function enqueueDeliveries(db: SqlDb, notificationIds: readonly string[], boss: PgBoss = deliverySender): Promise<void> {
  if (notificationIds.length === 0) return;
  if (!installed) {
    // Checked rather than tried: a failed statement would abort the caller's transaction.
    const [row] = await db.$queryRaw<{ ready: boolean }[]>`SELECT to_regclass('pgboss.job') IS NOT NULL AS ready`;
    if (!row?.ready) {
      log.warn("pg-boss is not installed yet; the notification worker will enqueue these when it starts", { notificationIds });
      return;
    }
    installed = true;
  }
  const jobs = notificationIds.map((id) => ({ id, name: NOTIFICATION_QUEUES.deliver, data: { notificationId: id } }));
  await boss.insert(jobs, { db: prismaBossDb(db) });
}
