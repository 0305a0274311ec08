import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { UserRow } from "@/lib/db/client";
import { jobCompleted, jobRequested, jobTypeKey, jobTypes } from "@/lib/jobs";
import { AppError } from "@/lib/errors";
import { createNotificationTestDatabase, type NotificationTestDatabase } from "@/test/notification-database";
import { createUser } from "@/test/fixtures";
import { createMailer } from "./create-mailer";
import { deliverNotification } from "./deliver-notification";
import { listCapturedEmails } from "./list-captured-emails";
import { listInbox } from "./list-inbox";
import { markAllRead } from "./mark-all-read";
import { markRead } from "./mark-read";
import { notificationStats } from "./notification-stats";
import { unreadCount } from "./unread-count";

// What the UI reads: the inbox, the bell's count, marking read, the product
// team's numbers and the dev mailbox.

let t: NotificationTestDatabase;

beforeAll(async () => {
  t = await createNotificationTestDatabase();
});
afterAll(async () => {
  await t?.close();
});

const ONBOARDING = jobTypes.onboardingSteps().map((s) => jobTypeKey(s.key));

/** A user with every onboarding job requested: five in-app notifications. */
async function onboardedUser(): Promise<UserRow> {
  const user = await createUser(t.prisma);
  for (const jobType of ONBOARDING) await jobRequested(t.prisma, { target: { type: "user", id: user.id }, jobType, assignedTo: user.id });
  return user;
}

const inAppOf = (user: UserRow) =>
  t.prisma.notification.findMany({ where: { recipientId: user.id, channel: "in_app" }, orderBy: [{ createdAt: "desc" }, { id: "desc" }] });

describe("inbox", () => {
  test("newest first, a page at a time, each with its job's title and link; only the person's own", async () => {
    const user = await onboardedUser();
    await onboardedUser(); // someone else's notifications stay out
    const expected = await inAppOf(user);
    expect(expected).toHaveLength(ONBOARDING.length);

    const seen: string[] = [];
    let cursor: string | null | undefined;
    let pages = 0;
    do {
      const page = await listInbox(t.prisma, user.id, { cursor, limit: 2 });
      seen.push(...page.items.map((i) => i.id));
      cursor = page.nextCursor;
      pages += 1;
    } while (cursor);
    expect(seen).toEqual(expected.map((n) => n.id));
    expect(pages).toBe(3);

    const { items } = await listInbox(t.prisma, user.id, { limit: 20 });
    const profile = items.find((i) => i.job.type === "onboarding.complete-profile");
    expect(profile).toMatchObject({
      title: "Complete your profile",
      kind: "requested",
      readAt: null,
      resolvedAt: null,
      job: { title: "Complete your profile", href: "/profile", status: "pending" },
    });
  });

  test("a cursor the list did not give out is refused", async () => {
    const user = await createUser(t.prisma);
    await expect(listInbox(t.prisma, user.id, { cursor: "not-a-cursor", limit: 5 })).rejects.toMatchObject({ code: "invalid_input" });
  });
});

describe("unread count and marking read", () => {
  test("counts in-app notifications neither read nor resolved; mark one, then all", async () => {
    const user = await onboardedUser();
    expect(await unreadCount(t.prisma, user.id)).toBe(5);

    // A finished job's notification is resolved: no longer unread.
    await jobCompleted(t.prisma, { target: { type: "user", id: user.id }, jobType: "onboarding.read-guide", source: "user", by: user.id });
    expect(await unreadCount(t.prisma, user.id)).toBe(4);

    // One of the four still unread (not the finished job's), so the count must drop.
    const stillOpen = (await inAppOf(user)).filter((n) => n.resolvedAt === null && n.readAt === null);
    expect(stillOpen).toHaveLength(4);
    const first = stillOpen[0]!;
    expect(await markRead(t.prisma, user.id, first.id)).toEqual({ changed: true });
    expect(await markRead(t.prisma, user.id, first.id)).toEqual({ changed: false });
    expect(await unreadCount(t.prisma, user.id)).toBe(3);

    expect((await markAllRead(t.prisma, user.id)).changed).toBe(4);
    expect(await unreadCount(t.prisma, user.id)).toBe(0);
    expect(await markAllRead(t.prisma, user.id)).toEqual({ changed: 0 });
  });

  test.each([
    { label: "someone else's notification", id: "other" },
    { label: "a notification that does not exist", id: "missing" },
  ] as const)("marking $label read is not found and changes nothing", async ({ id }) => {
    const [owner, intruder] = await Promise.all([onboardedUser(), createUser(t.prisma)]);
    const [target] = await inAppOf(owner);
    const notificationId = id === "other" ? target!.id : crypto.randomUUID();
    const attempt = markRead(t.prisma, intruder.id, notificationId);
    await expect(attempt).rejects.toBeInstanceOf(AppError);
    await expect(attempt).rejects.toMatchObject({ code: "not_found" });
    expect(await unreadCount(t.prisma, owner.id)).toBe(5);
  });

  test("a malformed notification id is invalid input", async () => {
    const user = await createUser(t.prisma);
    await expect(markRead(t.prisma, user.id, "1 OR 1=1")).rejects.toMatchObject({ code: "invalid_input" });
  });
});

describe("notification stats", () => {
  test("per job type: sent, read, and actioned within 7 days of sending, counted in SQL", async () => {
    // The database's clock: notifications made by the tests above stay out.
    const [clock] = await t.prisma.$queryRaw<{ since: Date }[]>`SELECT clock_timestamp() AS since`;
    const users = await Promise.all([createUser(t.prisma), createUser(t.prisma), createUser(t.prisma)]);
    for (const user of users)
      await jobRequested(t.prisma, { target: { type: "user", id: user.id }, jobType: "onboarding.complete-profile", assignedTo: user.id });
    const [a, b] = users as [UserRow, UserRow, UserRow];
    const notificationOf = (u: UserRow) => t.prisma.notification.findFirstOrThrow({ where: { recipientId: u.id, channel: "in_app" } });
    // a: read and done at once. b: done, but only 8 days after being notified. The third: nothing.
    await markRead(t.prisma, a.id, (await notificationOf(a)).id);
    await jobCompleted(t.prisma, { target: { type: "user", id: a.id }, jobType: "onboarding.complete-profile", source: "auto" });
    await jobCompleted(t.prisma, { target: { type: "user", id: b.id }, jobType: "onboarding.complete-profile", source: "auto" });
    await t.prisma.$executeRaw`UPDATE notifications SET sent_at = actioned_at - interval '8 days' WHERE recipient_id = ${b.id}::uuid`;

    const stats = await notificationStats(t.prisma, { since: clock!.since });
    expect(stats.find((s) => s.jobType === "onboarding.complete-profile")).toEqual({
      jobType: "onboarding.complete-profile",
      title: "Complete your profile",
      sent: 3,
      read: 1,
      actioned: 1,
      failed: 0,
    });
  });
});

describe("dev mailbox", () => {
  test("emails captured without SMTP are listed newest first, by recipient", async () => {
    const mailer = createMailer({ from: "jtbd <no-reply@jtbd.test>" });
    const [one, two] = await Promise.all([createUser(t.prisma), createUser(t.prisma)]);
    for (const user of [one, two]) {
      const { job } = await jobRequested(t.prisma, {
        target: { type: "user", id: user.id },
        jobType: "onboarding.verify-email",
        assignedTo: user.id,
      });
      const email = await t.prisma.notification.findFirstOrThrow({ where: { jobId: job.id, channel: "email" } });
      expect(await deliverNotification(t.prisma, email.id, { mailer, finalAttempt: false, appUrl: "http://localhost:3000" })).toEqual({
        status: "sent",
      });
    }
    const all = await listCapturedEmails(t.prisma, { limit: 10 });
    expect(all.slice(0, 2).map((m) => m.to)).toEqual([two!.email, one!.email]);
    const mine = await listCapturedEmails(t.prisma, { to: one!.email.toUpperCase(), limit: 10 });
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ to: one!.email, subject: "Verify your email address", notificationId: expect.any(String) });
    expect(mine[0]!.text).toContain("http://localhost:3000/account/verify-email?token=");
  });
});
