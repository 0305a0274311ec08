import type PgBoss from "pg-boss";
import type { SqlDb } from "@/lib/db/client";
import { deleteExpiredRateLimits } from "@/lib/accounts/delete-expired-rate-limits";
import { deleteExpiredApiRateLimits } from "@/lib/api/delete-expired-api-rate-limits";
import { deleteExpiredIdempotencyKeys } from "@/lib/api/delete-expired-idempotency-keys";
import { log } from "@/lib/log";
import { ensureQueue } from "./ensure-queue";
import { deleteOldWebhookEvents } from "@/lib/webhooks/delete-old-webhook-events";

// Rows that are only useful for a while: API Idempotency-Keys (replayed for
// 48 hours), the webhook outbox with its delivery log (30 days), and the
// rate-limit rows whose window and block are over (one per key ever counted,
// which would otherwise grow with every address that tried). Deleted by
// the worker on a pg-boss schedule, so one worker runs each tick however many
// are up.

export const RETENTION_QUEUE = "retention.sweep";

/** Hourly: the tables grow by the hour at most, and a batch is cheap on the created_at indexes. */
export const RETENTION_CRON = "23 * * * *";

export interface RetentionSweepResult {
  idempotencyKeys: number;
  webhookEvents: number;
  rateLimits: number;
  apiRateLimits: number;
}

export async function runRetentionSweep(db: SqlDb): Promise<RetentionSweepResult> {
  return {
    idempotencyKeys: await deleteExpiredIdempotencyKeys(db),
    webhookEvents: await deleteOldWebhookEvents(db),
    rateLimits: await deleteExpiredRateLimits(db),
    apiRateLimits: await deleteExpiredApiRateLimits(db),
  };
}

/** Creates the queue, works it, and schedules it unless `cron` is false (tests send to the queue instead). */
export async function startRetentionSweep(
  boss: PgBoss,
  db: SqlDb,
  options: {
    cron: string | false;
    pollingIntervalSeconds: number;
    name: string;
  },
): Promise<void> {
  // A sweep that fails is run again by the next tick.
  const queue: PgBoss.Queue = {
    name: RETENTION_QUEUE,
    policy: "singleton",
    retryLimit: 0,
    expireInSeconds: 900,
  };
  await ensureQueue(boss, queue);
  await boss.work(RETENTION_QUEUE, { pollingIntervalSeconds: options.pollingIntervalSeconds }, async () => {
    const result = await runRetentionSweep(db);
    if (Object.values(result).some((n) => n > 0)) log.info("retention sweep", { worker: options.name, ...result });
  });
  if (options.cron) await boss.schedule(RETENTION_QUEUE, options.cron);
}
