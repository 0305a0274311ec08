import PgBoss from "pg-boss";

// The pg-boss queues of the notification worker, and the settings deliveries
// are retried with.

export const NOTIFICATION_QUEUES = {
  /** One job per email notification; the job id is the notification id. */
  deliver: "notification.deliver",
  /** The reminder scan and the repair of deliveries that lost their job (cron). */
  scan: "notification.scan",
  /** The expiry sweep of lib/jobs (cron). */
  expire: "jobs.expire",
  /** The SLA escalation scan of lib/jobs (cron). */
  escalate: "jobs.escalate",
  /** The onboarding funnel's roll-up of finished history (cron; lib/insights). */
  funnel: "insights.roll-up-funnel",
} as const;

export interface DeliveryRetryOptions {
  /** Retries after the first attempt. */
  retryLimit: number;
  /** Seconds before the first retry; with backoff each wait about doubles. */
  retryDelay: number;
  /** Seconds one attempt may take before pg-boss fails it (and retries). */
  expireInSeconds: number;
}

/** About 30 s, 1, 2, 4 and 8 minutes between attempts (pg-boss adds jitter). */
export const DEFAULT_DELIVERY_RETRY: DeliveryRetryOptions = { retryLimit: 5, retryDelay: 30, expireInSeconds: 120 };

/**
 * Creates the queues (or brings their settings up to date). pg-boss 10 drops
 * a job sent to a queue that does not exist, silently: call this before any
 * sending, which `startNotificationWorker` does.
 */
export async function ensureNotificationQueues(boss: PgBoss, retry: DeliveryRetryOptions = DEFAULT_DELIVERY_RETRY): Promise<void> {
  const deliver: PgBoss.Queue = {
    name: NOTIFICATION_QUEUES.deliver,
    retryLimit: retry.retryLimit,
    retryDelay: retry.retryDelay,
    retryBackoff: true,
    expireInSeconds: retry.expireInSeconds,
  };
  // A scan or sweep that fails is simply run again by the next tick of its schedule.
  const scheduled = (name: string): PgBoss.Queue => ({ name, policy: "singleton", retryLimit: 0, expireInSeconds: 300 });
  for (const queue of [
    deliver,
    scheduled(NOTIFICATION_QUEUES.scan),
    scheduled(NOTIFICATION_QUEUES.expire),
    scheduled(NOTIFICATION_QUEUES.escalate),
    scheduled(NOTIFICATION_QUEUES.funnel),
  ]) {
    await boss.createQueue(queue.name, queue);
    await boss.updateQueue(queue.name, queue);
  }
}

/**
 * A pg-boss instance that is never started and has no pool: it only sends,
 * always through the `db` it is given (a transaction). Lets the web server
 * enqueue deliveries in its own transactions without running a worker.
 */
export const deliverySender: PgBoss = new PgBoss({
  db: {
    executeSql() {
      return Promise.reject(new Error("deliverySender only sends through an explicit { db } (a transaction)"));
    },
  },
  schedule: false,
  supervise: false,
  migrate: false,
});
