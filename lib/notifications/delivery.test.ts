import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from "vitest";
import { findFreePort } from "@/lib/db/embedded";
import type { UserRow } from "@/lib/db/client";
import { jobCompleted, jobRequested } from "@/lib/jobs";
import { createNotificationTestDatabase, type NotificationTestDatabase } from "@/test/notification-database";
import { createUser } from "@/test/fixtures";
import { createMailer, type Mailer } from "./create-mailer";
import { deliverNotification } from "./deliver-notification";
import { enqueueDeliveries } from "./enqueue-deliveries";
import { deliverySender, NOTIFICATION_QUEUES } from "./notification-queues";
import { prismaBossDb } from "./prisma-boss-db";
import { notificationTemplates, type NotificationTemplates } from "./notification-templates";
import { runReminderScan } from "./run-reminder-scan";
import { connectInviteReceivers } from "@/lib/invites/connect-invite-receivers";
import { sendInvite } from "@/lib/invites/send-invite";
import { settleStaleDeliveries } from "./settle-stale-deliveries";
import { startNotificationWorker, type NotificationWorker, type NotificationWorkerOptions } from "./start-notification-worker";
import { RETENTION_CRON, RETENTION_QUEUE } from "./start-retention-sweep";
import { startSmtpInbox, type SmtpInbox } from "./testing/start-smtp-inbox";
import { unsubscribeWithToken } from "./unsubscribe-with-token";
import { verifyEmailToken } from "./verify-email-token";
import { jobsTable } from "@/lib/jobs/job-sql";

// Delivery end to end: pg-boss workers on this file's database deliver over
// SMTP to a real server on loopback. Waits poll the database or the inbox with
// a deadline; nothing sleeps a fixed time.

const APP_URL = "http://localhost:3000";

let t: NotificationTestDatabase;
let inbox: SmtpInbox;
const workers: NotificationWorker[] = [];

beforeAll(async () => {
  // The workers' info lines (one per delivery) drown the report; warnings and
  // errors (retries, failures) still show on stderr.
  vi.spyOn(console, "log").mockImplementation(() => undefined);
  // pg-boss's schema and queues, so work can be enqueued before any worker runs.
  [t, inbox] = await Promise.all([
    createNotificationTestDatabase({ poolMax: 6, retry: { retryLimit: 2, retryDelay: 1, expireInSeconds: 60 } }),
    startSmtpInbox(),
  ]);
});
afterEach(async () => {
  inbox.refuseWhen(null);
  await Promise.all(workers.splice(0).map((w) => w.stop()));
});
afterAll(async () => {
  await Promise.all(workers.map((w) => w.stop()));
  await inbox?.close();
  await t?.close();
});

/** A worker on this file's database: quick polling, two quick retries, no cron. */
async function worker(options: Partial<NotificationWorkerOptions> & { smtpUrl?: string } = {}): Promise<NotificationWorker> {
  const { smtpUrl = inbox.url, ...rest } = options;
  const w = await startNotificationWorker({
    connectionString: t.url,
    poolMax: 3,
    mailer: createMailer({ smtpUrl, from: "jtbd <no-reply@jtbd.test>", timeoutMs: 2_000 }),
    appUrl: APP_URL,
    pollingIntervalSeconds: 0.5,
    retry: { retryLimit: 2, retryDelay: 1 },
    cron: false,
    concurrency: 2,
    ...rest,
  });
  workers.push(w);
  return w;
}

async function requestVerifyEmail(user: UserRow) {
  const { job } = await jobRequested(t.prisma, {
    target: { type: "user", id: user.id },
    jobType: "onboarding.verify-email",
    assignedTo: user.id,
  });
  const email = await t.prisma.notification.findFirstOrThrow({ where: { jobId: job.id, channel: "email" } });
  return { job, email };
}

const notification = (id: string) => t.prisma.notification.findUniqueOrThrow({ where: { id } });

async function deliveryJobState(id: string): Promise<string | undefined> {
  const rows = await t.prisma.$queryRaw<
    { state: string }[]
  >`SELECT state::text FROM pgboss.job WHERE name = ${NOTIFICATION_QUEUES.deliver} AND id = ${id}::uuid`;
  return rows[0]?.state;
}

const DEADLINE = { timeout: 20_000, interval: 100 };

/** Settles with `work`, or rejects with `what` if it takes longer than `ms`: a bound, not a sleep. */
async function within<T>(ms: number, what: string, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what} took over ${ms} ms`)), ms)));
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

const staffJobsAbout = (notificationId: string) =>
  t.prisma.job.findMany({ where: { jobType: "staff.fix-email-delivery", targetType: "notification", targetId: notificationId } });

function tokenIn(text: string, path: string): string {
  const match = new RegExp(`${APP_URL}${path}\\?token=([A-Za-z0-9_.-]+)`).exec(text);
  if (!match?.[1]) throw new Error(`no ${path} link in:\n${text}`);
  return match[1];
}

describe("delivery", () => {
  test("the verify-email email arrives once, to the user, with a working signed link", async () => {
    await worker();
    const user = await createUser(t.prisma);
    const { email } = await requestVerifyEmail(user);

    await expect.poll(() => notification(email.id).then((n) => n.status), DEADLINE).toBe("sent");
    await expect.poll(() => deliveryJobState(email.id), DEADLINE).toBe("completed");
    const received = inbox.to(user.email);
    expect(received).toHaveLength(1);
    const [message] = received;
    expect(message).toMatchObject({ to: [user.email], from: "no-reply@jtbd.test", subject: "Verify your email address" });
    expect(message!.headers.get("x-jtbd-notification")).toBe(email.id);
    // Not a reminder: no unsubscribe.
    expect(message!.headers.has("list-unsubscribe")).toBe(false);
    expect(verifyEmailToken(tokenIn(message!.text, "/account/verify-email"))).toEqual({ userId: user.id });
    expect(message!.html).toContain(`${APP_URL}/account/verify-email?token=`);
    expect(await notification(email.id)).toMatchObject({ attempts: 1, lastError: null, sentAt: expect.any(Date) });
  });

  test("a reminder email carries a one-click unsubscribe link and headers, and the link works", async () => {
    await worker();
    const user = await createUser(t.prisma);
    const { job } = await jobRequested(t.prisma, {
      target: { type: "user", id: user.id },
      jobType: "onboarding.complete-profile",
      assignedTo: user.id,
    });
    await runReminderScan(t.prisma, undefined, { now: new Date(Date.now() + 25 * 3_600_000) });
    const reminder = await t.prisma.notification.findFirstOrThrow({ where: { jobId: job.id, rule: "reminder-24h", channel: "email" } });

    await expect.poll(() => inbox.to(user.email).length, DEADLINE).toBe(1);
    const [message] = inbox.to(user.email);
    expect(message!.subject).toBe("Reminder: Complete your profile");
    expect(message!.text).toContain(`${APP_URL}/profile`);
    const token = tokenIn(message!.text, "/unsubscribe");
    expect(message!.headers.get("list-unsubscribe")).toBe(`<${APP_URL}/unsubscribe?token=${token}>`);
    expect(message!.headers.get("list-unsubscribe-post")).toBe("List-Unsubscribe=One-Click");
    expect(message!.html).toContain(`${APP_URL}/unsubscribe?token=${token}`);
    await expect.poll(() => notification(reminder.id).then((n) => n.status), DEADLINE).toBe("sent");

    expect(await unsubscribeWithToken(t.prisma, token)).toEqual({ userId: user.id, email: user.email });
    expect((await t.prisma.user.findUniqueOrThrow({ where: { id: user.id } })).emailReminders).toBe(false);
  });

  test("a reminder queued before the user opted out is not sent", async () => {
    const user = await createUser(t.prisma);
    const { job } = await jobRequested(t.prisma, {
      target: { type: "user", id: user.id },
      jobType: "onboarding.read-guide",
      assignedTo: user.id,
    });
    await runReminderScan(t.prisma, undefined, { now: new Date(Date.now() + 25 * 3_600_000) });
    const reminder = await t.prisma.notification.findFirstOrThrow({ where: { jobId: job.id, rule: "reminder-24h" } });
    await t.prisma.user.update({ where: { id: user.id }, data: { emailReminders: false } });

    await worker();
    await expect.poll(() => deliveryJobState(reminder.id), DEADLINE).toBe("completed");
    expect(await notification(reminder.id)).toMatchObject({ status: "cancelled", sentAt: null });
    expect(inbox.to(user.email)).toEqual([]);
  });

  test("an email queued for a job completed before delivery is never sent; the delivery job finds nothing to do", async () => {
    const user = await createUser(t.prisma);
    const { email } = await requestVerifyEmail(user);
    await jobCompleted(t.prisma, { target: { type: "user", id: user.id }, jobType: "onboarding.verify-email", source: "auto" });
    expect((await notification(email.id)).status).toBe("cancelled");

    await worker();
    await expect.poll(() => deliveryJobState(email.id), DEADLINE).toBe("completed");
    expect(await notification(email.id)).toMatchObject({ status: "cancelled", attempts: 0, sentAt: null });
    expect(inbox.to(user.email)).toEqual([]);
  });

  test("completing the job after the email arrived marks it actioned", async () => {
    await worker();
    const user = await createUser(t.prisma);
    const { email } = await requestVerifyEmail(user);
    await expect.poll(() => notification(email.id).then((n) => n.status), DEADLINE).toBe("sent");
    await jobCompleted(t.prisma, { target: { type: "user", id: user.id }, jobType: "onboarding.verify-email", source: "auto" });
    expect(await notification(email.id)).toMatchObject({ status: "sent", actionedAt: expect.any(Date) });
  });
});

describe("faults: retried with backoff, then failed with the error; nothing else lost or sent twice", () => {
  const throwingTemplates: NotificationTemplates = {
    ...notificationTemplates,
    "verify-email": {
      ...notificationTemplates["verify-email"],
      email: () => {
        throw new Error("template exploded: no greeting for this user");
      },
    },
  };

  test.each([
    { label: "the SMTP server refuses the recipient (550)", fault: "refuse", error: /550.*Recipient address rejected by policy/ },
    { label: "the SMTP server is down", fault: "down", error: /ECONNREFUSED|connect/ },
    { label: "the template throws", fault: "template", error: /template exploded/ },
  ] as const)("$label", async ({ fault, error }) => {
    const victim = await createUser(t.prisma, { email: `victim-${crypto.randomUUID()}@example.test` });
    const bystander = await createUser(t.prisma);
    if (fault === "refuse") inbox.refuseWhen((address) => address === victim.email);
    await worker({
      smtpUrl: fault === "down" ? `smtp://127.0.0.1:${await findFreePort()}` : inbox.url,
      templates: fault === "template" ? throwingTemplates : undefined,
    });
    const { email, job } = await requestVerifyEmail(victim);
    // Another user's notification of another type, at the same time.
    const { job: other } = await jobRequested(t.prisma, {
      target: { type: "user", id: bystander.id },
      jobType: "documents.upload-replacement",
      assignedTo: bystander.id,
    });
    const otherEmail = await t.prisma.notification.findFirstOrThrow({ where: { jobId: other.id, channel: "email" } });

    // First attempt plus two retries with backoff (about 1-2 s, then 2-4 s).
    await expect.poll(() => notification(email.id).then((n) => n.status), { timeout: 25_000, interval: 200 }).toBe("failed");
    const failed = await notification(email.id);
    expect(failed).toMatchObject({ attempts: 3, sentAt: null });
    expect(failed.lastError).toMatch(error);
    await expect.poll(() => deliveryJobState(email.id), DEADLINE).toBe("failed");
    expect(inbox.to(victim.email)).toEqual([]);
    // The final failure is a staff job, raised through the engine, not only a status.
    expect(await staffJobsAbout(email.id)).toMatchObject([
      {
        status: "pending",
        metadata: {
          error: { message: expect.stringMatching(error) },
          context: { to: victim.email, template: "verify-email", jobId: job.id },
        },
      },
    ]);

    // The in-app notification of the same job and the other user's email are unharmed.
    expect(await t.prisma.notification.findFirstOrThrow({ where: { jobId: job.id, channel: "in_app" } })).toMatchObject({ status: "sent" });
    if (fault === "down") {
      expect(await notification(otherEmail.id)).toMatchObject({ sentAt: null });
    } else {
      await expect.poll(() => notification(otherEmail.id).then((n) => n.status), DEADLINE).toBe("sent");
      expect(inbox.to(bystander.email)).toHaveLength(1);
    }
  });

  test("a refusal on the first attempt is retried and the email then arrives once", async () => {
    const user = await createUser(t.prisma);
    let refusals = 0;
    inbox.refuseWhen((address) => address === user.email && refusals++ === 0);
    await worker();
    const { email } = await requestVerifyEmail(user);

    await expect.poll(() => notification(email.id).then((n) => n.status), DEADLINE).toBe("sent");
    await expect.poll(() => deliveryJobState(email.id), DEADLINE).toBe("completed");
    expect(await notification(email.id)).toMatchObject({ attempts: 2, lastError: null });
    expect(refusals).toBe(2);
    expect(inbox.to(user.email)).toHaveLength(1);
  });
});

describe("repair", () => {
  test("a queued email whose delivery job was lost is enqueued again when a worker starts, and sent once", async () => {
    const user = await createUser(t.prisma);
    const { email } = await requestVerifyEmail(user);
    await t.prisma.$executeRaw`DELETE FROM pgboss.job WHERE name = ${NOTIFICATION_QUEUES.deliver} AND id = ${email.id}::uuid`;

    await worker();
    await expect.poll(() => notification(email.id).then((n) => n.status), DEADLINE).toBe("sent");
    await expect.poll(() => deliveryJobState(email.id), DEADLINE).toBe("completed");
    expect(inbox.to(user.email)).toHaveLength(1);
  });
});

describe("two workers at once", () => {
  test("every email arrives exactly once, even when each notification has a duplicate delivery job", async () => {
    const N = 24;
    const users = await Promise.all(Array.from({ length: N }, () => createUser(t.prisma)));
    const emails: string[] = [];
    for (const user of users) emails.push((await requestVerifyEmail(user)).email.id);
    // As if a second app instance had enqueued them too: a second pg-boss job
    // per notification, so both workers try to deliver the same notification.
    await t.prisma.$transaction(async (tx) => {
      await deliverySender.insert(
        emails.map((id) => ({ name: NOTIFICATION_QUEUES.deliver, data: { notificationId: id } })),
        { db: prismaBossDb(tx) },
      );
    });
    await enqueueDeliveries(t.prisma, emails); // and once more under the original ids: ignored

    // Two PgBoss instances, each with its own pools, started together.
    await Promise.all([worker({ name: "worker-a", concurrency: 3 }), worker({ name: "worker-b", concurrency: 3 })]);

    await expect
      .poll(() => t.prisma.notification.count({ where: { id: { in: emails }, status: "sent" } }), { timeout: 30_000, interval: 200 })
      .toBe(N);
    await expect
      .poll(
        async () =>
          (
            await t.prisma.$queryRaw<
              { n: number }[]
            >`SELECT count(*)::int AS n FROM pgboss.job WHERE name = ${NOTIFICATION_QUEUES.deliver} AND state < 'completed'`
          )[0]?.n,
        DEADLINE,
      )
      .toBe(0);
    for (const user of users) expect(inbox.to(user.email), user.email).toHaveLength(1);
    const sent = await t.prisma.notification.findMany({ where: { id: { in: emails } } });
    expect(sent.every((n) => n.attempts === 1)).toBe(true);
  });
});

describe("no transaction is open while a mail server answers", () => {
  test("a slow mail server does not hold up a person finishing the job whose email it is taking", async () => {
    await worker();
    const user = await createUser(t.prisma);
    const stall = inbox.stallNext(user.email);
    const { email } = await requestVerifyEmail(user);
    await within(20_000, "the email reaching the mail server", stall.reached);

    // The server holds its answer: the delivery is mid-conversation. Finishing
    // the job (its receivers resolve this very notification) must not wait.
    const finished = await within(
      3_000,
      "completing the job while SMTP is stalled",
      jobCompleted(t.prisma, { target: { type: "user", id: user.id }, jobType: "onboarding.verify-email", source: "auto" }),
    );
    expect(finished.changed).toBe(true);
    expect(await notification(email.id)).toMatchObject({ status: "sending", attempts: 1 });

    stall.release();
    await expect.poll(() => notification(email.id).then((n) => n.status), DEADLINE).toBe("sent");
    expect(inbox.to(user.email)).toHaveLength(1);
  });

  test("a worker that dies between handing the email over and recording it: two workers never send it again; the sweep asks staff", async () => {
    const user = await createUser(t.prisma);
    const { email } = await requestVerifyEmail(user);

    // Worker zero: the mail server takes the message, then the process is as
    // good as dead (its send never returns, so nothing is recorded).
    const smtp = createMailer({ smtpUrl: inbox.url, from: "jtbd <no-reply@jtbd.test>", timeoutMs: 2_000 });
    let handedOver!: () => void;
    const sent = new Promise<void>((resolve) => (handedOver = resolve));
    const dying: Mailer = {
      kind: "smtp",
      async send(db, message, id) {
        await smtp.send(db, message, id);
        handedOver();
        await new Promise<never>(() => {});
      },
      close: () => smtp.close(),
    };
    void deliverNotification(t.prisma, email.id, { mailer: dying, finalAttempt: false, appUrl: APP_URL });
    await within(20_000, "worker zero handing the email over", sent);
    expect(inbox.to(user.email)).toHaveLength(1);

    // Its pg-boss job and a duplicate, worked by two healthy workers.
    await t.prisma.$transaction(async (tx) => {
      await deliverySender.insert([{ name: NOTIFICATION_QUEUES.deliver, data: { notificationId: email.id } }], { db: prismaBossDb(tx) });
    });
    await Promise.all([worker({ name: "worker-a" }), worker({ name: "worker-b" })]);
    await expect.poll(() => deliveryJobState(email.id), DEADLINE).toBe("completed");
    await expect
      .poll(
        async () =>
          (
            await t.prisma.$queryRaw<
              { n: number }[]
            >`SELECT count(*)::int AS n FROM pgboss.job WHERE name = ${NOTIFICATION_QUEUES.deliver} AND state < 'completed'`
          )[0]?.n,
        DEADLINE,
      )
      .toBe(0);
    expect(await notification(email.id)).toMatchObject({ status: "sending", attempts: 1, sentAt: null });

    // A fresh claim is left alone; a stale one is settled: failed, not resent, a staff job.
    expect(await settleStaleDeliveries(t.prisma)).toEqual({ sent: 0, failed: 0 });
    expect(await settleStaleDeliveries(t.prisma, { olderThanSeconds: 0 })).toEqual({ sent: 0, failed: 1 });
    expect(await notification(email.id)).toMatchObject({
      status: "failed",
      attempts: 1,
      claimedAt: null,
      lastError: expect.stringMatching(/^Outcome unknown/),
    });
    expect(await staffJobsAbout(email.id)).toMatchObject([
      { status: "pending", metadata: { error: { message: expect.stringMatching(/^Outcome unknown/) } } },
    ]);
    expect(inbox.to(user.email)).toHaveLength(1);
  });
});

describe("a stale claim of a captured email", () => {
  test("counts as sent (the dev mailbox has it) and marks the invitation sent; the inviter's job waits for the teammate to accept", async () => {
    connectInviteReceivers();
    const inviter = await createUser(t.prisma);
    await jobRequested(t.prisma, {
      target: { type: "user", id: inviter.id },
      jobType: "onboarding.invite-teammate",
      assignedTo: inviter.id,
    });
    const invite = await sendInvite(t.prisma, inviter.id, { email: `mate-${crypto.randomUUID().slice(0, 8)}@example.com` });
    const email = await t.prisma.notification.findFirstOrThrow({ where: { toAddress: invite.email } });
    const capture = createMailer({ from: "jtbd <no-reply@jtbd.test>" });
    let captured!: () => void;
    const stored = new Promise<void>((resolve) => (captured = resolve));
    const dying: Mailer = {
      kind: "capture",
      async send(db, message, id) {
        await capture.send(db, message, id);
        captured();
        await new Promise<never>(() => {});
      },
      close: () => capture.close(),
    };
    void deliverNotification(t.prisma, email.id, { mailer: dying, finalAttempt: false, appUrl: APP_URL });
    await within(20_000, "the capture", stored);

    expect(await settleStaleDeliveries(t.prisma, { olderThanSeconds: 0 })).toEqual({ sent: 1, failed: 0 });
    expect(await notification(email.id)).toMatchObject({ status: "sent", claimedAt: null });
    expect(await t.prisma.invite.findUniqueOrThrow({ where: { id: invite.id } })).toMatchObject({ status: "sent" });
    // Sending is not joining: accepting the invitation completes it (lib/invites/accept-invite.ts).
    expect(await t.prisma.job.findFirstOrThrow({ where: { targetId: inviter.id, jobType: "onboarding.invite-teammate" } })).toMatchObject({
      status: "pending",
    });
  });
});

describe("schedules", () => {
  test("the worker puts the reminder scan, the expiry sweep, the escalation scan, the funnel roll-up and the retention sweep on pg-boss cron, and runs them", async () => {
    const w = await worker({ cron: "* * * * *" });
    const schedules = await w.boss.getSchedules();
    expect(schedules.map((s) => [s.name, s.cron]).sort()).toEqual(
      [
        [NOTIFICATION_QUEUES.expire, "* * * * *"],
        [NOTIFICATION_QUEUES.escalate, "* * * * *"],
        [NOTIFICATION_QUEUES.funnel, "* * * * *"],
        [NOTIFICATION_QUEUES.scan, "* * * * *"],
        [RETENTION_QUEUE, RETENTION_CRON],
      ].sort(),
    );

    // A tick, sent by hand rather than waiting up to a minute for cron.
    const user = await createUser(t.prisma);
    const { job } = await jobRequested(t.prisma, {
      target: { type: "user", id: user.id },
      jobType: "onboarding.invite-teammate",
      assignedTo: user.id,
    });
    await t.prisma.$executeRaw`UPDATE ${jobsTable} SET created_at = now() - interval '25 hours' WHERE id = ${job.id}::uuid`;
    await w.boss.send(NOTIFICATION_QUEUES.scan, {});
    await expect.poll(() => inbox.to(user.email).map((m) => m.subject), DEADLINE).toEqual(["Reminder: Invite a teammate"]);

    const { job: expiring } = await jobRequested(t.prisma, {
      target: { type: "user", id: user.id },
      jobType: "onboarding.read-guide",
      assignedTo: user.id,
    });
    await t.prisma.$executeRaw`UPDATE ${jobsTable} SET expires_at = now() - interval '1 minute' WHERE id = ${expiring.id}::uuid`;
    await w.boss.send(NOTIFICATION_QUEUES.expire, {});
    await expect.poll(() => t.prisma.job.findUniqueOrThrow({ where: { id: expiring.id } }).then((j) => j.status), DEADLINE).toBe("expired");
    expect(await t.prisma.notification.findFirst({ where: { jobId: expiring.id, rule: "expired" } })).toMatchObject({
      channel: "in_app",
      readAt: null,
    });

    // The escalation scan: a staff job nobody picked up within its SLA (4 hours on the wall clock).
    const admin = await createUser(t.prisma, { role: "admin" });
    const { job: neglected } = await jobRequested(t.prisma, {
      target: { type: "webhook-endpoint", id: crypto.randomUUID() },
      jobType: "staff.fix-webhook-endpoint",
    });
    await t.prisma.$executeRaw`UPDATE ${jobsTable} SET created_at = now() - interval '5 hours' WHERE id = ${neglected.id}::uuid`;
    await w.boss.send(NOTIFICATION_QUEUES.escalate, {});
    await expect.poll(() => t.prisma.job.findUniqueOrThrow({ where: { id: neglected.id } }).then((j) => j.priority), DEADLINE).toBe("high");
    expect(await t.prisma.notification.findFirst({ where: { jobId: neglected.id, recipientId: admin.id } })).toMatchObject({
      rule: "escalated-first-action",
      channel: "in_app",
    });
  });
});
