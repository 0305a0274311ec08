import PgBoss from "pg-boss";
import type { SqlDb } from "@/lib/db/client";
import { ensureQueue } from "@/lib/notifications/ensure-queue";
import { prismaBossDb } from "@/lib/notifications/prisma-boss-db";

// The pg-boss queue of webhook deliveries: one job per attempt series of one
// delivery (an event to an endpoint); pg-boss retries it with exponential
// backoff. The delivery row, not pg-boss, decides whether an attempt runs
// (see deliver-webhook.ts), so a duplicate job sends nothing twice.

export const WEBHOOK_QUEUE = "webhook.deliver";

export interface WebhookRetryOptions {
  /** Retries after the first attempt. */
  retryLimit: number;
  /** Seconds before the first retry; each wait about doubles (pg-boss's backoff). */
  retryDelay: number;
}

/** About 10 s, 20 s, 40 s… up to about 1.5 hours between the last attempts. */
export const DEFAULT_WEBHOOK_RETRY: WebhookRetryOptions = { retryLimit: 10, retryDelay: 10 };

export async function ensureWebhookQueue(boss: PgBoss, retry: WebhookRetryOptions = DEFAULT_WEBHOOK_RETRY): Promise<void> {
  const queue: PgBoss.Queue = {
    name: WEBHOOK_QUEUE,
    retryLimit: retry.retryLimit,
    retryDelay: retry.retryDelay,
    retryBackoff: true,
    expireInSeconds: 120,
  };
  await ensureQueue(boss, queue);
}

/** Sends only through an explicit { db } (the transaction of the change), like the notifications' sender. */
const sender: PgBoss = new PgBoss({
  db: { executeSql: () => Promise.reject(new Error("the webhook sender only sends through an explicit { db }")) },
  schedule: false,
  supervise: false,
  migrate: false,
});

let installed = false;

/** Puts a delivery job per delivery on pg-boss in `db`; before the worker ever ran, the worker's start-up sweep enqueues them. */
export async function enqueueWebhookDeliveries(db: SqlDb, deliveryIds: readonly string[]): Promise<void> {
  if (deliveryIds.length === 0) return;
  if (!installed) {
    // Checked rather than tried: a failed statement would abort the caller's transaction.
    const [row] = await db.$queryRaw<{ ready: boolean }[]>`SELECT to_regclass('pgboss.job') IS NOT NULL AS ready`;
    if (!row?.ready) return;
    installed = true;
  }
  await sender.insert(
    deliveryIds.map((deliveryId) => ({ name: WEBHOOK_QUEUE, data: { deliveryId } })),
    { db: prismaBossDb(db) },
  );
}
