import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { UserRow } from "@/lib/db/client";
import { jobRequested, jobTypes } from "@/lib/jobs";
import { runReminderScan, unreadCount } from "@/lib/notifications";
import { createNotificationTestDatabase, type NotificationTestDatabase } from "@/test/notification-database";
import { actorOf, createUser } from "@/test/fixtures";
import { markAllMyNotificationsRead } from "./mark-all-my-notifications-read";
import { markMyNotificationRead } from "./mark-my-notification-read";
import { setMyEmailReminders } from "./set-my-email-reminders";

// The inbox and preference commands. The rule they share: the person acted
// for is the signed-in one; an id from the browser can only ever name one of
// their own notifications; signed out, nothing happens.

let t: NotificationTestDatabase;

beforeAll(async () => {
  // pg-boss's tables, so reminder emails are enqueued as in production.
  t = await createNotificationTestDatabase();
});
afterAll(async () => {
  await t?.close();
});

const IN_APP_ONLY = ["onboarding.complete-profile", "onboarding.upload-document", "onboarding.invite-teammate"] as const;

/** A user with three jobs, each with one unread in-app notification. */
async function notifiedUser(): Promise<UserRow> {
  const user = await createUser(t.prisma);
  for (const jobType of IN_APP_ONLY) await jobRequested(t.prisma, { target: { type: "user", id: user.id }, jobType, assignedTo: user.id });
  return user;
}

const inAppOf = (user: UserRow) =>
  t.prisma.notification.findMany({
    where: { recipientId: user.id, channel: "in_app" },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: { id: true, readAt: true },
  });

const emailRemindersOf = async (user: UserRow) =>
  (await t.prisma.user.findUniqueOrThrow({ where: { id: user.id }, select: { emailReminders: true } })).emailReminders;

describe.each([
  {
    name: "markMyNotificationRead",
    run: (input: unknown) => markMyNotificationRead.run(null, input, { db: t.prisma }),
    input: (id: string) => ({ notificationId: id }),
  },
  {
    name: "markAllMyNotificationsRead",
    run: (input: unknown) => markAllMyNotificationsRead.run(null, input, { db: t.prisma }),
    input: () => ({}),
  },
  {
    name: "setMyEmailReminders",
    run: (input: unknown) => setMyEmailReminders.run(null, input, { db: t.prisma }),
    input: () => ({ enabled: false }),
  },
])("$name", ({ run, input }) => {
  test("signed out: refused as unauthenticated and nothing changes", async () => {
    const user = await notifiedUser();
    const [first] = await inAppOf(user);

    const result = await run(input(first!.id));

    expect(result).toMatchObject({ ok: false, error: { code: "unauthenticated", message: expect.stringContaining("sign in") } });
    expect(await unreadCount(t.prisma, user.id)).toBe(3);
    expect(await emailRemindersOf(user)).toBe(true);
  });
});

describe("markMyNotificationRead", () => {
  test("marks the person's own notification read, once", async () => {
    const me = await notifiedUser();
    const [first, second] = await inAppOf(me);

    expect(await markMyNotificationRead.run(actorOf(me), { notificationId: first!.id }, { db: t.prisma })).toEqual({
      ok: true,
      data: { notificationId: first!.id, changed: true },
    });
    expect(await markMyNotificationRead.run(actorOf(me), { notificationId: first!.id }, { db: t.prisma })).toEqual({
      ok: true,
      data: { notificationId: first!.id, changed: false },
    });

    expect(await unreadCount(t.prisma, me.id)).toBe(2);
    const after = await inAppOf(me);
    expect(after.find((n) => n.id === first!.id)?.readAt).toBeInstanceOf(Date);
    expect(after.find((n) => n.id === second!.id)?.readAt).toBeNull();
  });

  test("someone else's notification is not found, whatever user the input names, and stays unread", async () => {
    const [owner, intruder] = await Promise.all([notifiedUser(), notifiedUser()]);
    const [target] = await inAppOf(owner);

    const result = await markMyNotificationRead.run(
      actorOf(intruder),
      { notificationId: target!.id, userId: owner.id, recipientId: owner.id },
      { db: t.prisma },
    );

    expect(result).toEqual({ ok: false, error: { code: "not_found", message: "That notification does not exist." } });
    expect(await unreadCount(t.prisma, owner.id)).toBe(3);
    expect(await unreadCount(t.prisma, intruder.id)).toBe(3);
  });

  test.each<{ label: string; input: unknown }>([
    { label: "an id that is not a uuid", input: { notificationId: "1 OR 1=1" } },
    { label: "no id at all", input: {} },
    { label: "not an object", input: "everything" },
  ])("$label is refused as invalid input, with a message for people", async ({ input }) => {
    const me = await notifiedUser();

    const result = await markMyNotificationRead.run(actorOf(me), input, { db: t.prisma });

    expect(result).toMatchObject({ ok: false, error: { code: "invalid_input", message: expect.any(String) } });
    expect(result.ok === false && result.error.message).not.toMatch(/zod|undefined|Error/);
    expect(await unreadCount(t.prisma, me.id)).toBe(3);
  });
});

describe("markAllMyNotificationsRead", () => {
  test("marks every unread notification of the person and of nobody else", async () => {
    const [me, other] = await Promise.all([notifiedUser(), notifiedUser()]);

    const result = await markAllMyNotificationsRead.run(actorOf(me), { userId: other.id }, { db: t.prisma });

    expect(result).toEqual({ ok: true, data: { changed: 3 } });
    expect(await unreadCount(t.prisma, me.id)).toBe(0);
    expect(await unreadCount(t.prisma, other.id)).toBe(3);
    expect(await markAllMyNotificationsRead.run(actorOf(me), {}, { db: t.prisma })).toEqual({ ok: true, data: { changed: 0 } });
  });
});

describe("setMyEmailReminders", () => {
  test("changes only the signed-in person's preference, whatever user the input names", async () => {
    const [me, other] = await Promise.all([createUser(t.prisma), createUser(t.prisma)]);

    expect(await setMyEmailReminders.run(actorOf(me), { enabled: false, userId: other.id }, { db: t.prisma })).toEqual({
      ok: true,
      data: { emailReminders: false },
    });
    expect(await emailRemindersOf(me)).toBe(false);
    expect(await emailRemindersOf(other)).toBe(true);

    expect(await setMyEmailReminders.run(actorOf(me), { enabled: true }, { db: t.prisma })).toEqual({
      ok: true,
      data: { emailReminders: true },
    });
    expect(await emailRemindersOf(me)).toBe(true);
  });

  test.each<{ label: string; input: unknown }>([
    { label: "a string instead of true or false", input: { enabled: "yes" } },
    { label: "nothing", input: {} },
  ])("$label is refused with a message for people and changes nothing", async ({ input }) => {
    const me = await createUser(t.prisma);

    const result = await setMyEmailReminders.run(actorOf(me), input, { db: t.prisma });

    expect(result).toMatchObject({ ok: false, error: { code: "invalid_input", message: "Choose whether to get reminder emails." } });
    expect(await emailRemindersOf(me)).toBe(true);
  });

  test("turned off, the reminder scan sends no reminder email; in-app notifications still arrive", async () => {
    const [quiet, keen] = await Promise.all([createUser(t.prisma), createUser(t.prisma)]);
    expect((await setMyEmailReminders.run(actorOf(quiet), { enabled: false }, { db: t.prisma })).ok).toBe(true);
    for (const user of [quiet, keen]) {
      await jobRequested(t.prisma, { target: { type: "user", id: user.id }, jobType: "onboarding.complete-profile", assignedTo: user.id });
    }

    // As if two days had passed: the profile's 24-hour reminder is due.
    await runReminderScan(t.prisma, t.boss, {
      now: new Date(Date.now() + 48 * 3600_000),
      types: [jobTypes.require("onboarding.complete-profile")],
    });

    const reminders = (user: UserRow) =>
      t.prisma.notification.findMany({ where: { recipientId: user.id, rule: "reminder-24h" }, select: { channel: true } });
    expect(await reminders(keen)).toEqual([{ channel: "email" }]);
    expect(await reminders(quiet)).toEqual([]);
    expect(await unreadCount(t.prisma, quiet.id)).toBe(1);
  });
});
