import { afterAll, beforeAll, expect, test, vi } from "vitest";
import { jobRequested } from "@/lib/jobs";
import { createTestDatabase, type TestDatabase } from "@/test/database";
import { createUser } from "@/test/fixtures";
import { connectNotificationReceivers } from "./connect-notification-receivers";
import { createMailer } from "./create-mailer";
import { listCapturedEmails } from "./list-captured-emails";
import { setEmailReminders } from "./set-email-reminders";
import { startNotificationWorker, type NotificationWorker } from "./start-notification-worker";

// A fresh deployment: the web server takes sign-ups before the worker has ever
// run (pg-boss not installed). Requests still succeed, their notifications
// wait, and the worker delivers them when it first starts. Without SMTP the
// email is captured for the dev mailbox.

let t: TestDatabase;
let disconnect: () => void;
let worker: NotificationWorker | undefined;

beforeAll(async () => {
  vi.spyOn(console, "log").mockImplementation(() => undefined);
  t = await createTestDatabase({ poolMax: 4 });
  disconnect = connectNotificationReceivers();
});
afterAll(async () => {
  disconnect?.();
  await worker?.stop();
  await t?.close();
});

test("a request before pg-boss is installed keeps its notifications; the first worker delivers them, once", async () => {
  const user = await createUser(t.prisma);
  const { job } = await jobRequested(t.prisma, {
    target: { type: "user", id: user.id },
    jobType: "onboarding.verify-email",
    assignedTo: user.id,
  });
  const [installed] = await t.prisma.$queryRaw<{ ready: boolean }[]>`SELECT to_regclass('pgboss.job') IS NOT NULL AS ready`;
  expect(installed?.ready).toBe(false);
  const email = await t.prisma.notification.findFirstOrThrow({ where: { jobId: job.id, channel: "email" } });
  expect(email.status).toBe("queued");

  worker = await startNotificationWorker({
    connectionString: t.url,
    poolMax: 2,
    mailer: createMailer({ from: "jtbd <no-reply@jtbd.test>" }),
    appUrl: "http://localhost:3000",
    pollingIntervalSeconds: 0.5,
    cron: false,
  });
  await expect
    .poll(() => t.prisma.notification.findUniqueOrThrow({ where: { id: email.id } }).then((n) => n.status), {
      timeout: 20_000,
      interval: 100,
    })
    .toBe("sent");
  const mailbox = await listCapturedEmails(t.prisma, { to: user.email, limit: 10 });
  expect(mailbox.map((m) => [m.subject, m.notificationId])).toEqual([["Verify your email address", email.id]]);
});

test("the email preference can be turned off and on by its owner", async () => {
  const user = await createUser(t.prisma);
  expect(await setEmailReminders(t.prisma, user.id, false)).toEqual({ emailReminders: false });
  expect((await t.prisma.user.findUniqueOrThrow({ where: { id: user.id } })).emailReminders).toBe(false);
  expect(await setEmailReminders(t.prisma, user.id, true)).toEqual({ emailReminders: true });
  await expect(setEmailReminders(t.prisma, user.id, "yes")).rejects.toMatchObject({ code: "invalid_input" });
  await expect(setEmailReminders(t.prisma, crypto.randomUUID(), false)).rejects.toMatchObject({ code: "not_found" });
});
