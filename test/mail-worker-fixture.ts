import { vi } from "vitest";
import { createMailer } from "@/lib/notifications/create-mailer";
import { startNotificationWorker, type NotificationWorker } from "@/lib/notifications/start-notification-worker";
import { startSmtpInbox, type SmtpInbox } from "@/lib/notifications/testing/start-smtp-inbox";
import { createNotificationTestDatabase, type NotificationTestDatabase } from "./notification-database";

export interface MailWorkerFixture {
  /** This file's database. */
  t: NotificationTestDatabase;
  /** The real SMTP server on loopback the worker delivers to. */
  inbox: SmtpInbox;
  worker: NotificationWorker;
  stop(): Promise<void>;
}

/**
 * Emails end to end for a test file: its own database, a notification worker
 * on it polling every half second, and a real SMTP server on loopback that
 * worker delivers to. One retry a second apart, no cron. Call in beforeAll,
 * `stop()` in afterAll.
 */
export async function startMailWorkerFixture(options: { appUrl: string }): Promise<MailWorkerFixture> {
  // The worker logs every delivery to the console.
  vi.spyOn(console, "log").mockImplementation(() => undefined);
  const [t, inbox] = await Promise.all([createNotificationTestDatabase({ poolMax: 6 }), startSmtpInbox()]);
  const worker = await startNotificationWorker({
    connectionString: t.url,
    poolMax: 3,
    mailer: createMailer({ smtpUrl: inbox.url, from: "jtbd <no-reply@jtbd.test>", timeoutMs: 2_000 }),
    appUrl: options.appUrl,
    pollingIntervalSeconds: 0.5,
    retry: { retryLimit: 1, retryDelay: 1 },
    cron: false,
    concurrency: 2,
  });
  return {
    t,
    inbox,
    worker,
    async stop() {
      await worker.stop();
      await inbox.close();
      await t.close();
    },
  };
}
