import type PgBoss from "pg-boss";
import { z } from "zod";
import type { PrismaClient } from "@/lib/db/client";
import { env } from "@/lib/env";
import { log } from "@/lib/log";
import { deliverWebhook } from "./deliver-webhook";
import { DEFAULT_WEBHOOK_RETRY, ensureWebhookQueue, WEBHOOK_QUEUE, type WebhookRetryOptions } from "./webhook-queue";

export interface WebhookDeliveryOptions {
  retry?: Partial<WebhookRetryOptions>;
  /** Milliseconds an endpoint has to answer (10 s). */
  timeoutMs?: number;
  /** Consecutive failures that disable an endpoint (20). */
  disableAfterFailures?: number;
  allowPrivate?: boolean;
  concurrency?: number;
  pollingIntervalSeconds?: number;
  name?: string;
}

const jobData = z.object({ deliveryId: z.uuid() });

/**
 * Works the webhook queue on the worker's pg-boss: each job is one attempt;
 * a failure is thrown so pg-boss retries with exponential backoff. Deliveries
 * recorded before pg-boss was installed are enqueued at start.
 */
export async function startWebhookDelivery(boss: PgBoss, prisma: PrismaClient, options: WebhookDeliveryOptions = {}): Promise<void> {
  const retry = { ...DEFAULT_WEBHOOK_RETRY, ...options.retry };
  await ensureWebhookQueue(boss, retry);
  const deliverOptions = {
    timeoutMs: options.timeoutMs ?? 10_000,
    disableAfterFailures: options.disableAfterFailures ?? 20,
    allowPrivate: options.allowPrivate ?? env.WEBHOOKS_ALLOW_PRIVATE === "on",
  };
  const name = options.name ?? "worker";
  for (let i = 0; i < (options.concurrency ?? 2); i++) {
    await boss.work<unknown>(
      WEBHOOK_QUEUE,
      { includeMetadata: true, batchSize: 1, pollingIntervalSeconds: options.pollingIntervalSeconds ?? 2 },
      async (jobs) => {
        for (const job of jobs) {
          const data = jobData.safeParse(job.data);
          if (!data.success) throw new Error(`webhook job ${job.id} has no delivery id`);
          const outcome = await deliverWebhook(prisma, data.data.deliveryId, {
            ...deliverOptions,
            finalAttempt: job.retryCount >= job.retryLimit,
          });
          const context = { worker: name, deliveryId: data.data.deliveryId, attempt: job.retryCount + 1 };
          if (outcome.status === "retry" || outcome.status === "failed") {
            log.warn(
              outcome.status === "retry" ? "webhook delivery failed; pg-boss will retry" : "webhook delivery failed after its last attempt",
              { ...context, error: outcome.error },
            );
            if (outcome.status === "retry") throw new Error(outcome.error);
          } else {
            log.info(`webhook ${outcome.status}`, context);
          }
        }
      },
    );
  }
  const stranded = await prisma.webhookDelivery.findMany({ where: { status: "pending", attempts: 0 }, select: { id: true }, take: 10_000 });
  if (stranded.length) await boss.insert(stranded.map((d) => ({ name: WEBHOOK_QUEUE, data: { deliveryId: d.id } })));
}
