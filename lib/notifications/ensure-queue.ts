import type PgBoss from "pg-boss";

/**
 * Creates a pg-boss queue if it is missing and brings its options up to date.
 * pg-boss creates a queue's partition with DDL, and two workers starting at
 * once can deadlock on it (seen in tests); PostgreSQL aborts one (40P01),
 * which then finds the queue the other made on its next try. Any other error,
 * or a fifth deadlock, is thrown.
 */
export async function ensureQueue(boss: PgBoss, queue: PgBoss.Queue): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await boss.createQueue(queue.name, queue);
      break;
    } catch (error) {
      if (attempt >= 5 || (error as { code?: string }).code !== "40P01") throw error;
    }
  }
  await boss.updateQueue(queue.name, queue);
}
