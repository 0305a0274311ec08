import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { UserRow } from "@/lib/db/client";
import { expireDueJobs, jobCancelled, jobCompleted, jobRequested, jobSignals, jobTypeKey, type JobTypeKey } from "@/lib/jobs";
import { createNotificationTestDatabase, type NotificationTestDatabase } from "@/test/notification-database";
import { createUser, expireInThePast } from "@/test/fixtures";
import { connectNotificationReceivers } from "./connect-notification-receivers";
import { createMailer } from "./create-mailer";
import { deliverNotification } from "./deliver-notification";
import { NOTIFICATION_QUEUES } from "./notification-queues";
import { runReminderScan } from "./run-reminder-scan";

// The rules of which notifications a job gets, and what its ending does to
// them, on PostgreSQL with pg-boss installed (no worker: the delivery jobs are
// looked at, not run).

let t: NotificationTestDatabase;
let staff: UserRow;
let admin: UserRow;
let product: UserRow;

beforeAll(async () => {
  t = await createNotificationTestDatabase({ poolMax: 6 });
  [staff, admin, product] = await Promise.all([
    createUser(t.prisma, { role: "staff" }),
    createUser(t.prisma, { role: "admin" }),
    createUser(t.prisma, { role: "product" }),
  ]);
});
afterAll(async () => {
  await t?.close();
});

const HOUR = 3_600_000;

async function requestFor(user: UserRow, jobType: JobTypeKey, options: { assign?: boolean } = {}) {
  const { job } = await jobRequested(t.prisma, {
    target: { type: "user", id: user.id },
    jobType,
    assignedTo: options.assign === false ? null : user.id,
  });
  return job;
}

function notificationsOf(jobId: string) {
  return t.prisma.notification.findMany({ where: { jobId }, orderBy: [{ rule: "asc" }, { channel: "asc" }, { recipientId: "asc" }] });
}

async function deliveryJobs(ids: string[]) {
  return t.prisma.$queryRaw<{ id: string; state: string; data: unknown }[]>`
    SELECT id::text, state::text, data FROM pgboss.job WHERE name = ${NOTIFICATION_QUEUES.deliver} AND id = ANY(${ids}::uuid[])`;
}

test("connecting the receivers again is harmless: each signal keeps one of each", () => {
  const again = connectNotificationReceivers();
  again(); // disconnects the one set there is…
  expect([jobSignals.requested, jobSignals.completed, jobSignals.cancelled, jobSignals.expired].map((s) => s.hasReceivers)).toEqual([
    false,
    false,
    false,
    false,
  ]);
  connectNotificationReceivers(); // …so connect it back for the tests below (close() disconnects them)
});

describe("on request", () => {
  test.each([
    {
      label: "verify-email: an email and an in-app notification to the user",
      jobType: "onboarding.verify-email",
      assign: true,
      to: "user",
      channels: ["email", "in_app"],
    },
    {
      label: "complete-profile: in-app only to the user",
      jobType: "onboarding.complete-profile",
      assign: true,
      to: "user",
      channels: ["in_app"],
    },
    {
      label: "a user job nobody is assigned to: its target user",
      jobType: "onboarding.read-guide",
      assign: false,
      to: "user",
      channels: ["in_app"],
    },
    {
      label: "upload-replacement: an email and an in-app notification",
      jobType: "documents.upload-replacement",
      assign: true,
      to: "user",
      channels: ["email", "in_app"],
    },
  ] as const)("$label", async ({ jobType, assign, to, channels }) => {
    const user = await createUser(t.prisma);
    const job = await requestFor(user, jobType, { assign });
    const rows = await notificationsOf(job.id);
    expect(rows.map((n) => [n.recipientId, n.channel, n.rule])).toEqual(
      channels.map((c) => [to === "user" ? user.id : staff.id, c, "requested"]),
    );
    for (const n of rows) {
      if (n.channel === "in_app") expect(n).toMatchObject({ status: "sent", sentAt: expect.any(Date), readAt: null, resolvedAt: null });
      else expect(n).toMatchObject({ status: "queued", sentAt: null, attempts: 0 });
    }
    // Each email has its pg-boss delivery job, under the notification's id.
    const emails = rows.filter((n) => n.channel === "email").map((n) => n.id);
    expect((await deliveryJobs(emails)).map((j) => [j.id, j.state, j.data])).toEqual(
      emails.map((id) => [id, "created", { notificationId: id }]),
    );
  });

  test("review-document: in-app to every staff member and admin, nobody else", async () => {
    const { job } = await jobRequested(t.prisma, {
      target: { type: "document", id: crypto.randomUUID() },
      jobType: "staff.review-document",
    });
    const rows = await notificationsOf(job.id);
    const recipients = rows.map((n) => n.recipientId);
    expect(recipients).toContain(staff.id);
    expect(recipients).toContain(admin.id);
    expect(recipients).not.toContain(product.id);
    expect(new Set(rows.map((n) => `${n.channel}/${n.status}`))).toEqual(new Set(["in_app/sent"]));
  });

  test("a request rolled back with the caller's transaction leaves no notification and no pg-boss job", async () => {
    const user = await createUser(t.prisma);
    let jobId = "";
    let emailIds: string[] = [];
    await expect(
      t.prisma.$transaction(async (tx) => {
        const { job } = await jobRequested(tx, {
          target: { type: "user", id: user.id },
          jobType: "onboarding.verify-email",
          assignedTo: user.id,
        });
        jobId = job.id;
        // Inside the transaction both exist…
        const rows = await tx.notification.findMany({ where: { jobId } });
        emailIds = rows.filter((n) => n.channel === "email").map((n) => n.id);
        const [inTx] = await tx.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM pgboss.job WHERE id = ANY(${emailIds}::uuid[])`;
        expect({ notifications: rows.length, deliveryJobs: inTx?.n }).toEqual({ notifications: 2, deliveryJobs: 1 });
        throw new Error("the caller changed its mind");
      }),
    ).rejects.toThrow("the caller changed its mind");
    // …and neither survives the rollback.
    expect(await t.prisma.job.count({ where: { id: jobId } })).toBe(0);
    expect(await t.prisma.notification.count({ where: { jobId } })).toBe(0);
    expect(await deliveryJobs(emailIds)).toEqual([]);
  });
});

test("the outbox is required: when its notifications cannot be written, the request fails and no job is left without them", async () => {
  const user = await createUser(t.prisma);
  // A real failure of the outbox write, from PostgreSQL itself.
  await t.prisma.$executeRawUnsafe(
    `CREATE FUNCTION refuse_notification() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'outbox unavailable'; END $$`,
  );
  await t.prisma.$executeRawUnsafe(
    `CREATE TRIGGER refuse_notification BEFORE INSERT ON notifications FOR EACH ROW EXECUTE FUNCTION refuse_notification()`,
  );
  try {
    await expect(requestFor(user, "onboarding.verify-email")).rejects.toThrow(/outbox unavailable/);
  } finally {
    await t.prisma.$executeRawUnsafe(`DROP TRIGGER refuse_notification ON notifications`);
    await t.prisma.$executeRawUnsafe(`DROP FUNCTION refuse_notification()`);
  }
  expect(await t.prisma.job.count({ where: { targetType: "user", targetId: user.id, jobType: "onboarding.verify-email" } })).toBe(0);
});

describe("when a job ends", () => {
  // `sentEmail`: the email was delivered before the job ended.
  test.each([
    {
      label: "completed before the email went out: email cancelled, in-app resolved and actioned",
      end: "complete",
      sentEmail: false,
      email: { status: "cancelled", actioned: false },
      inAppActioned: true,
    },
    {
      label: "completed after the email went out: both actioned, in-app resolved",
      end: "complete",
      sentEmail: true,
      email: { status: "sent", actioned: true },
      inAppActioned: true,
    },
    {
      label: "cancelled: email cancelled, in-app resolved, nothing actioned",
      end: "cancel",
      sentEmail: false,
      email: { status: "cancelled", actioned: false },
      inAppActioned: false,
    },
    {
      label: "cancelled after the email went out: nothing actioned",
      end: "cancel",
      sentEmail: true,
      email: { status: "sent", actioned: false },
      inAppActioned: false,
    },
    {
      label: "expired: email cancelled, in-app resolved, nothing actioned",
      end: "expire",
      sentEmail: false,
      email: { status: "cancelled", actioned: false },
      inAppActioned: false,
    },
  ] as const)("$label", async ({ end, sentEmail, email, inAppActioned }) => {
    const user = await createUser(t.prisma);
    const job = await requestFor(user, "onboarding.verify-email");
    const requested = await notificationsOf(job.id);
    const emailId = requested.find((n) => n.channel === "email")!.id;
    if (sentEmail) {
      const outcome = await deliverNotification(t.prisma, emailId, {
        mailer: createMailer({ from: "test@jtbd.test" }),
        finalAttempt: false,
        appUrl: "http://localhost:3000",
      });
      expect(outcome).toEqual({ status: "sent" });
    }
    const target = { type: "user", id: user.id };
    if (end === "complete") await jobCompleted(t.prisma, { target, jobType: jobTypeKey(job.jobType), source: "auto" });
    if (end === "cancel") await jobCancelled(t.prisma, { target, jobType: jobTypeKey(job.jobType), source: "staff" });
    if (end === "expire") {
      await expireInThePast(t.prisma, job.id);
      await expireDueJobs(t.prisma);
    }

    const after = await notificationsOf(job.id);
    const mail = after.find((n) => n.id === emailId)!;
    expect({ status: mail.status, actioned: mail.actionedAt !== null }).toEqual(email);
    const inApp = after.find((n) => n.channel === "in_app" && n.rule === "requested")!;
    expect(inApp.resolvedAt).toEqual(expect.any(Date));
    expect(inApp.actionedAt !== null).toBe(inAppActioned);

    if (end === "expire") {
      // The expiry notice is news: unread and unresolved.
      const notice = after.find((n) => n.rule === "expired");
      expect(notice).toMatchObject({
        channel: "in_app",
        recipientId: user.id,
        status: "sent",
        readAt: null,
        resolvedAt: null,
        templateKey: "job-expired",
      });
    } else {
      expect(after.filter((n) => n.rule === "expired")).toEqual([]);
    }
  });

  test("a cancelled notification's delivery job finds nothing to send", async () => {
    const user = await createUser(t.prisma);
    const job = await requestFor(user, "onboarding.verify-email");
    const emailId = (await notificationsOf(job.id)).find((n) => n.channel === "email")!.id;
    await jobCompleted(t.prisma, { target: { type: "user", id: user.id }, jobType: jobTypeKey(job.jobType), source: "auto" });
    const outcome = await deliverNotification(t.prisma, emailId, {
      mailer: createMailer({ from: "test@jtbd.test" }),
      finalAttempt: false,
      appUrl: "http://localhost:3000",
    });
    expect(outcome).toMatchObject({ status: "skipped" });
    expect(await t.prisma.capturedEmail.count({ where: { notificationId: emailId } })).toBe(0);
  });
});

describe("the reminder scan", () => {
  const later = (hours: number) => new Date(Date.now() + hours * HOUR);

  test.each([
    {
      label: "an onboarding job still pending after 24 h: one reminder email",
      jobType: "onboarding.complete-profile",
      hours: 25,
      optedOut: false,
      finish: false,
      expected: [["email", "queued"]],
    },
    { label: "not yet 24 h: nothing", jobType: "onboarding.complete-profile", hours: 23, optedOut: false, finish: false, expected: [] },
    {
      label: "done before the reminder: nothing",
      jobType: "onboarding.complete-profile",
      hours: 25,
      optedOut: false,
      finish: true,
      expected: [],
    },
    {
      label: "the user turned reminder emails off: no email",
      jobType: "onboarding.complete-profile",
      hours: 25,
      optedOut: true,
      finish: false,
      expected: [],
    },
    {
      label: "verify-email reminder: an email even so the request had one",
      jobType: "onboarding.verify-email",
      hours: 25,
      optedOut: false,
      finish: false,
      expected: [["email", "queued"]],
    },
  ] as const)("$label", async ({ jobType, hours, optedOut, finish, expected }) => {
    const user = await createUser(t.prisma);
    if (optedOut) await t.prisma.user.update({ where: { id: user.id }, data: { emailReminders: false } });
    const job = await requestFor(user, jobType);
    if (finish) await jobCompleted(t.prisma, { target: { type: "user", id: user.id }, jobType, source: "auto" });

    await runReminderScan(t.prisma, t.boss, { now: later(hours) });
    await runReminderScan(t.prisma, t.boss, { now: later(hours + 0.5) });

    const reminders = (await notificationsOf(job.id)).filter((n) => n.rule === "reminder-24h");
    expect(reminders.map((n) => [n.channel, n.status])).toEqual(expected);
    expect(reminders.every((n) => n.recipientId === user.id && n.templateKey !== "")).toBe(true);
    const emails = reminders.filter((n) => n.channel === "email").map((n) => n.id);
    expect(await deliveryJobs(emails)).toHaveLength(emails.length);
  });

  test("an opted-out user still gets in-app notifications, and the email of a request (only reminders are optional)", async () => {
    const user = await createUser(t.prisma);
    await t.prisma.user.update({ where: { id: user.id }, data: { emailReminders: false } });
    const job = await requestFor(user, "onboarding.verify-email");
    await runReminderScan(t.prisma, t.boss, { now: later(25) });
    const rows = await notificationsOf(job.id);
    expect(rows.map((n) => [n.rule, n.channel])).toEqual([
      ["requested", "email"],
      ["requested", "in_app"],
    ]);
  });

  test("staff review reminder: in-app to every staff member, once, however often the scan runs", async () => {
    const { job } = await jobRequested(t.prisma, {
      target: { type: "document", id: crypto.randomUUID() },
      jobType: "staff.review-document",
    });
    await Promise.all([runReminderScan(t.prisma, t.boss, { now: later(25) }), runReminderScan(t.prisma, t.boss, { now: later(25) })]);
    await runReminderScan(t.prisma, t.boss, { now: later(30) });
    const reminders = (await notificationsOf(job.id)).filter((n) => n.rule === "reminder-24h");
    const recipients = reminders.map((n) => n.recipientId);
    expect(recipients).toHaveLength(new Set(recipients).size);
    expect(recipients).toEqual(expect.arrayContaining([staff.id, admin.id]));
    expect(reminders.every((n) => n.channel === "in_app" && n.status === "sent")).toBe(true);
  });

  test("many due jobs are reminded in batches, each once", async () => {
    const users = await Promise.all(Array.from({ length: 7 }, () => createUser(t.prisma)));
    const jobs = await Promise.all(users.map((u) => requestFor(u, "onboarding.upload-document")));
    await runReminderScan(t.prisma, t.boss, { now: later(25), batchSize: 3 });
    await runReminderScan(t.prisma, t.boss, { now: later(25), batchSize: 3 });
    const reminders = await t.prisma.notification.findMany({ where: { jobId: { in: jobs.map((j) => j.id) }, rule: "reminder-24h" } });
    expect(reminders.map((n) => n.jobId).sort()).toEqual(jobs.map((j) => j.id).sort());
  });
});
