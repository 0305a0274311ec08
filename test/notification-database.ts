import PgBoss from "pg-boss";
import { connectNotificationReceivers } from "@/lib/notifications/connect-notification-receivers";
import { ensureNotificationQueues, type DeliveryRetryOptions } from "@/lib/notifications/notification-queues";
import { createTestDatabase, type TestDatabase } from "./database";

export interface NotificationTestDatabase extends TestDatabase {
  /** A started pg-boss on the test database (no schedules, no supervisor), for enqueueing and scans. */
  boss: PgBoss;
}

/**
 * A test database as in production for notifications: pg-boss's schema and
 * queues installed, and the notification receivers connected to the job
 * signals. No worker runs; a test starts its own when it wants delivery.
 * `close()` disconnects the receivers, stops pg-boss and drops the database.
 */
export async function createNotificationTestDatabase(
  options: { poolMax?: number; retry?: DeliveryRetryOptions } = {},
): Promise<NotificationTestDatabase> {
  const t = await createTestDatabase({ poolMax: options.poolMax ?? 4 });
  const boss = new PgBoss({ connectionString: t.url, max: 2, schedule: false, supervise: false });
  boss.on("error", (error) => console.error("pg-boss", error));
  try {
    await boss.start();
    await ensureNotificationQueues(boss, options.retry);
  } catch (error) {
    await boss.stop({ graceful: false }).catch(() => {});
    await t.close();
    throw error;
  }
  const disconnect = connectNotificationReceivers();
  return {
    ...t,
    boss,
    async close() {
      disconnect();
      await boss.stop({ graceful: false });
      await t.close();
    },
  };
}
