import type PgBoss from "pg-boss";
import { z } from "zod";
import { createPrismaClient, pgPoolOf, type PrismaClient } from "@/lib/db/client";
import { backfillOnboardingSteps } from "@/lib/accounts/backfill-onboarding-steps";
import { rollUpOnboardingFunnel } from "@/lib/insights/roll-up-onboarding-funnel";
import { env } from "@/lib/env";
import { escalateJobs, expireDueJobs } from "@/lib/jobs";
import { startJobs } from "@/lib/jobs/start-jobs";
import { log } from "@/lib/log";
import { startWebhookDelivery, type WebhookDeliveryOptions } from "@/lib/webhooks/start-webhook-delivery";
import { createTrackedBoss } from "./create-tracked-boss";
import { createMailer, type Mailer } from "./create-mailer";
import { deliverNotification } from "./deliver-notification";
import { DEFAULT_DELIVERY_RETRY, type DeliveryRetryOptions, ensureNotificationQueues, NOTIFICATION_QUEUES } from "./notification-queues";
import type { NotificationTemplates } from "./notification-templates";
import { requeueStrandedDeliveries } from "./requeue-stranded-deliveries";
import { runReminderScan } from "./run-reminder-scan";
import { settleStaleDeliveries } from "./settle-stale-deliveries";
import { RETENTION_CRON, startRetentionSweep } from "./start-retention-sweep";

export interface NotificationWorkerOptions {
  connectionString: string;
  /** The worker's Prisma client; one is created (and closed by stop) when omitted. */
  prisma?: PrismaClient;
  /** Connections for pg-boss's own pool (and for the Prisma client it creates). */
  poolMax?: number;
  /** Default: SMTP when SMTP_URL is set, else the capturing mailer. */
  mailer?: Mailer;
  templates?: NotificationTemplates;
  appUrl?: string;
  retry?: Partial<DeliveryRetryOptions>;
  pollingIntervalSeconds?: number;
  /** Deliveries run at once by this process. */
  concurrency?: number;
  /** Cron of the reminder scan, the expiry sweep and the escalation scan; false registers no schedule (tests). */
  cron?: string | false;
  /** Names this worker in logs. */
  name?: string;
  /** A delivery claimed longer ago than this and never recorded is settled as "outcome unknown" (600). */
  staleClaimSeconds?: number;
  /** Webhook deliveries, worked beside the notifications on the same pg-boss (lib/webhooks). */
  webhooks?: WebhookDeliveryOptions;
}

export interface NotificationWorker {
  boss: PgBoss;
  prisma: PrismaClient;
  mailer: Mailer;
  /** Stops taking work, waits for deliveries in flight, closes what it opened. */
  stop(): Promise<void>;
}

const deliverySchema = z.object({ notificationId: z.uuid() });

/**
 * The notification worker: starts pg-boss on the database (installing or
 * migrating its schema when needed), creates the queues, connects the
 * notification receivers, works deliveries with retries and backoff, and puts
 * the reminder scan and the expiry sweep on a pg-boss cron schedule (pg-boss
 * runs each tick once, however many workers are up). Any number of workers may
 * run against one database: a notification is still sent at most once, and no
 * transaction stays open while a mail server answers (see deliverNotification).
 */
export async function startNotificationWorker(options: NotificationWorkerOptions): Promise<NotificationWorker> {
  const name = options.name ?? "notification-worker";
  const retry = { ...DEFAULT_DELIVERY_RETRY, ...options.retry };
  const poolMax = options.poolMax ?? 4;
  const prisma = options.prisma ?? createPrismaClient({ connectionString: options.connectionString, max: poolMax });
  const mailer = options.mailer ?? createMailer({ smtpUrl: env.SMTP_URL, from: env.MAIL_FROM });
  const appUrl = options.appUrl ?? env.APP_URL;
  const pollingIntervalSeconds = options.pollingIntervalSeconds ?? env.WORKER_POLL_SECONDS;
  const cron = options.cron === undefined ? env.WORKER_SCAN_CRON : options.cron;

  const tracked = createTrackedBoss(options.connectionString, poolMax);
  const boss = tracked.boss;
  boss.on("error", (error) => log.error("pg-boss reported an error", { worker: name, error }));
  const release = async () => {
    // Waits for every handler still running and every statement pg-boss fired
    // without awaiting it, before closing what the handlers use.
    await tracked.stop();
    mailer.close();
    if (!options.prisma) await prisma.$disconnect();
  };

  try {
    await boss.start();
    await ensureNotificationQueues(boss, retry);
    // Deliveries complete or cancel invitation jobs: the invites' receivers hear it.
    startJobs();
    const workOptions = { includeMetadata: true, batchSize: 1, pollingIntervalSeconds } as const;
    for (let i = 0; i < (options.concurrency ?? env.WORKER_CONCURRENCY); i++) {
      await boss.work<unknown>(NOTIFICATION_QUEUES.deliver, workOptions, async (jobs) => {
        for (const job of jobs) {
          const data = deliverySchema.safeParse(job.data);
          if (!data.success) throw new Error(`delivery job ${job.id} has no notification id`);
          const finalAttempt = job.retryCount >= job.retryLimit;
          const outcome = await deliverNotification(prisma, data.data.notificationId, {
            mailer,
            finalAttempt,
            templates: options.templates,
            appUrl,
          });
          const context = { worker: name, notificationId: data.data.notificationId, attempt: job.retryCount + 1, of: job.retryLimit + 1 };
          switch (outcome.status) {
            case "sent":
              log.info("notification sent", { ...context, via: mailer.kind });
              break;
            case "skipped":
              log.info("notification skipped", { ...context, reason: outcome.reason });
              break;
            case "retry":
              log.warn("notification delivery failed; pg-boss will retry", { ...context, error: outcome.error });
              // Thrown so pg-boss schedules the retry with its backoff.
              throw new Error(outcome.error);
            case "failed":
              log.error("notification failed after its last attempt", { ...context, error: outcome.error });
              throw new Error(outcome.error);
          }
        }
      });
    }

    await startWebhookDelivery(boss, prisma, { pollingIntervalSeconds, name, ...options.webhooks });
    await startRetentionSweep(boss, prisma, { cron: cron ? RETENTION_CRON : false, pollingIntervalSeconds, name });

    await boss.work(NOTIFICATION_QUEUES.scan, { pollingIntervalSeconds }, async () => {
      const reminders = await runReminderScan(prisma, boss);
      const requeued = await requeueStrandedDeliveries(prisma, boss);
      const stale = await settleStaleDeliveries(prisma, { olderThanSeconds: options.staleClaimSeconds });
      if (reminders.created || requeued || stale.sent || stale.failed)
        log.info("reminder scan", { worker: name, ...reminders, requeued, stale });
    });
    await boss.work(NOTIFICATION_QUEUES.expire, { pollingIntervalSeconds }, async () => {
      const result = await expireDueJobs(prisma);
      if (result.expired) log.info("expiry sweep", { worker: name, ...result });
    });
    await boss.work(NOTIFICATION_QUEUES.escalate, { pollingIntervalSeconds }, async () => {
      const result = await escalateJobs(prisma);
      if (result.escalated) log.info("escalation scan", { worker: name, ...result });
    });
    const pool = pgPoolOf(prisma);
    if (pool) {
      await boss.work(NOTIFICATION_QUEUES.funnel, { pollingIntervalSeconds }, async () => {
        const result = await rollUpOnboardingFunnel(pool);
        if (result.rolledUp) log.info("onboarding funnel rolled up", { worker: name, ...result });
      });
    }
    if (cron) {
      await boss.schedule(NOTIFICATION_QUEUES.scan, cron);
      await boss.schedule(NOTIFICATION_QUEUES.expire, cron);
      await boss.schedule(NOTIFICATION_QUEUES.escalate, cron);
      // Each tick makes the last tick's candidate the watermark: the summary trails by a minute or two, the funnel stays exact.
      await boss.schedule(NOTIFICATION_QUEUES.funnel, cron);
    }

    // Notifications created before pg-boss was installed have no delivery job yet.
    const requeued = await requeueStrandedDeliveries(prisma, boss, { olderThanSeconds: 0 });
    // Onboarding steps added since: requested for whoever is still onboarding (idempotent; a failure must not stop the worker).
    const backfilled = await backfillOnboardingSteps(prisma).catch((error: unknown) => {
      log.error("onboarding steps backfill failed", { worker: name, error });
      return null;
    });
    log.info("notification worker started", {
      worker: name,
      mail: mailer.kind,
      concurrency: options.concurrency ?? env.WORKER_CONCURRENCY,
      schedule: cron || "none",
      retry,
      ...(requeued ? { requeued } : {}),
      ...(backfilled && backfilled.person + backfilled.organisation > 0 ? { newOnboardingSteps: backfilled } : {}),
    });
  } catch (error) {
    await release().catch((cleanup: unknown) =>
      log.error("notification worker: cleanup after a failed start failed", { worker: name, error: cleanup }),
    );
    throw error;
  }

  let stopping: Promise<void> | undefined;
  return {
    boss,
    prisma,
    mailer,
    stop() {
      stopping ??= (async () => {
        log.info("notification worker stopping", { worker: name });
        await release();
        log.info("notification worker stopped", { worker: name });
      })();
      return stopping;
    },
  };
}
