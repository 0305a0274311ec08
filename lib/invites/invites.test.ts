import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from "vitest";
import { requestOnboardingJobs } from "@/lib/accounts/onboarding";
import { expireDueJobs, jobCancelled } from "@/lib/jobs";
import { createMailer } from "@/lib/notifications/create-mailer";
import { settleStaleDeliveries } from "@/lib/notifications/settle-stale-deliveries";
import { startNotificationWorker, type NotificationWorker } from "@/lib/notifications/start-notification-worker";
import { startSmtpInbox, type SmtpInbox } from "@/lib/notifications/testing/start-smtp-inbox";
import { createNotificationTestDatabase, type NotificationTestDatabase } from "@/test/notification-database";
import { createUser } from "@/test/fixtures";
import { INVITES_PER_DAY, sendInvite } from "./send-invite";

// Invitations are real emails of a job: a worker on this file's database
// delivers them over SMTP to a real server on loopback, and the outcome
// (delivered, or the server's refusal) is what finishes the inviter's job.

let t: NotificationTestDatabase;
let inbox: SmtpInbox;
let worker: NotificationWorker;

beforeAll(async () => {
  vi.spyOn(console, "log").mockImplementation(() => undefined);
  [t, inbox] = await Promise.all([
    createNotificationTestDatabase({ poolMax: 6, retry: { retryLimit: 2, retryDelay: 1, expireInSeconds: 60 } }),
    startSmtpInbox(),
  ]);
  worker = await startNotificationWorker({
    connectionString: t.url,
    poolMax: 3,
    mailer: createMailer({ smtpUrl: inbox.url, from: "jtbd <no-reply@jtbd.test>", timeoutMs: 2_000 }),
    appUrl: "http://localhost:3000",
    pollingIntervalSeconds: 0.5,
    retry: { retryLimit: 2, retryDelay: 1 },
    cron: false,
    concurrency: 2,
  });
});
afterEach(() => inbox.refuseWhen(null));
afterAll(async () => {
  await worker?.stop();
  await inbox?.close();
  await t?.close();
});

const DEADLINE = { timeout: 20_000, interval: 100 };

async function onboardedUser(name = 'Mallory =HYPERLINK("http://evil.invalid")') {
  const user = await createUser(t.prisma, { name });
  await requestOnboardingJobs(t.prisma, user.id);
  return user;
}
const inviteJobOf = (userId: string) =>
  t.prisma.job.findFirstOrThrow({ where: { targetId: userId, jobType: "onboarding.invite-teammate" } });
const invite = (id: string) => t.prisma.invite.findUniqueOrThrow({ where: { id } });
const address = (label: string) => `${label}-${crypto.randomUUID().slice(0, 8)}@example.com`;

describe("sending an invitation", () => {
  test("the email reaches the teammate's mail server once; only then is the invite sent and the inviter's job done", async () => {
    const inviter = await onboardedUser();
    const to = address("teammate");
    const sent = await sendInvite(t.prisma, inviter.id, { email: to.toUpperCase() });

    // Stored and queued, not yet "sent": nothing has been delivered.
    expect(sent).toMatchObject({ email: to, status: "sending" });
    const delivery = await t.prisma.job.findFirstOrThrow({
      where: { targetType: "invite", targetId: sent.id, jobType: "invites.deliver-invitation" },
      include: { notifications: true },
    });
    expect(delivery.notifications).toMatchObject([{ channel: "email", recipientId: inviter.id, toAddress: to, templateKey: "invitation" }]);

    await expect.poll(() => invite(sent.id).then((i) => i.status), DEADLINE).toBe("sent");
    // Delivered is not joined: the inviter's job waits for the teammate to accept (accept-invite.test.ts).
    expect((await inviteJobOf(inviter.id)).status).toBe("pending");
    expect(await t.prisma.job.findUniqueOrThrow({ where: { id: delivery.id } })).toMatchObject({
      status: "completed",
      completionSource: "auto",
    });
    const received = inbox.to(to);
    expect(received).toHaveLength(1);
    expect(received[0]!.subject).toBe("You are invited to jtbd");
    expect(received[0]!.text).toMatch(/http:\/\/localhost:3000\/join\?token=[\w-]+\.[\w-]+/);
    // The address is nobody's verified one: nothing the inviter typed goes into it.
    expect(received[0]!.raw).not.toMatch(/Mallory|HYPERLINK|evil/);
    expect(inbox.to(inviter.email).map((m) => m.subject)).not.toContain("You are invited to jtbd");
  });

  test("a recipient the mail server refuses bounces at once with the server's answer; staff get one job per inviter", async () => {
    const inviter = await onboardedUser();
    const refused = [address("gone"), address("typo")];
    inbox.refuseWhen((a) => refused.includes(a));

    const first = await sendInvite(t.prisma, inviter.id, { email: refused[0]! });
    await expect.poll(() => invite(first.id).then((i) => i.status), DEADLINE).toBe("bounced");
    expect((await invite(first.id)).bounce).toMatch(/550.*Recipient address rejected/);
    const email = await t.prisma.notification.findFirstOrThrow({ where: { toAddress: refused[0]! } });
    // A bounce is final: not retried, and not an email-delivery fault for staff.
    expect(email).toMatchObject({ status: "failed", attempts: 1 });
    expect(await t.prisma.job.count({ where: { jobType: "staff.fix-email-delivery", targetId: email.id } })).toBe(0);
    expect((await inviteJobOf(inviter.id)).status).toBe("pending");
    const staffJobs = () =>
      t.prisma.job.findMany({ where: { jobType: "staff.bounced-invites", targetType: "user", targetId: inviter.id } });
    expect(await staffJobs()).toMatchObject([
      {
        status: "pending",
        metadata: { context: { inviteId: first.id, email: refused[0] }, error: { message: expect.stringContaining("550") } },
      },
    ]);

    // A second bounce of the same inviter while that job is pending counts on it, with its address in the timeline.
    const second = await sendInvite(t.prisma, inviter.id, { email: refused[1]! });
    await expect.poll(() => invite(second.id).then((i) => i.status), DEADLINE).toBe("bounced");
    expect(await staffJobs()).toMatchObject([{ status: "pending", occurrences: 2, lastOccurredAt: expect.any(Date) }]);
    const [job] = await staffJobs();
    expect(
      await t.prisma.jobEvent.findMany({ where: { jobId: job!.id }, orderBy: { id: "asc" }, select: { kind: true, data: true } }),
    ).toMatchObject([
      { kind: "requested" },
      { kind: "recurred", data: { occurrence: 2, context: { inviteId: second.id, email: refused[1] }, sender: "invites.delivery" } },
    ]);
    expect(inbox.to(refused[0]!)).toEqual([]);
  });

  test("the bounced-invitations job completes itself (source auto) once every address that bounced has received an invitation", async () => {
    const inviter = await onboardedUser();
    const [gone, typo] = [address("gone"), address("typo")];
    inbox.refuseWhen((a) => a === gone || a === typo);
    for (const email of [gone, typo]) {
      const sent = await sendInvite(t.prisma, inviter.id, { email });
      await expect.poll(() => invite(sent.id).then((i) => i.status), DEADLINE).toBe("bounced");
    }
    const staffJob = () => t.prisma.job.findFirstOrThrow({ where: { jobType: "staff.bounced-invites", targetId: inviter.id } });
    expect(await staffJob()).toMatchObject({ status: "pending", occurrences: 2 });

    // The mail server takes them now (the mailbox was fixed). One sent again is not enough: the other still bounced.
    inbox.refuseWhen(null);
    const again = await sendInvite(t.prisma, inviter.id, { email: gone });
    await expect.poll(() => invite(again.id).then((i) => i.status), DEADLINE).toBe("sent");
    // So is an invitation to some other address: it answers no bounce.
    const other = await sendInvite(t.prisma, inviter.id, { email: address("other") });
    await expect.poll(() => invite(other.id).then((i) => i.status), DEADLINE).toBe("sent");
    expect(await staffJob()).toMatchObject({ status: "pending", completionSource: null });

    const last = await sendInvite(t.prisma, inviter.id, { email: typo.toUpperCase() });
    await expect.poll(() => invite(last.id).then((i) => i.status), DEADLINE).toBe("sent");
    const done = await staffJob();
    expect(done).toMatchObject({
      status: "completed",
      completionSource: "auto",
      completedById: null,
      resolutionNote: "Every invitation that bounced has since been delivered or accepted.",
      metadata: { inviteId: last.id, email: typo },
    });
    expect(await t.prisma.jobEvent.findFirst({ where: { jobId: done.id, kind: "completed" } })).toMatchObject({ source: "auto" });
  });

  test("an invitation the mail server keeps deferring (4xx) fails for good after its retries: bounced with the answer, staff asked", async () => {
    const inviter = await onboardedUser();
    const to = address("deferred");
    inbox.refuseWhen((a) => a === to, 451);

    const sent = await sendInvite(t.prisma, inviter.id, { email: to });
    await expect.poll(() => invite(sent.id).then((i) => i.status), DEADLINE).toBe("bounced");
    expect((await invite(sent.id)).bounce).toMatch(/451.*Try again later/);
    expect(await t.prisma.notification.findFirstOrThrow({ where: { toAddress: to } })).toMatchObject({ status: "failed", attempts: 3 });
    const delivery = await t.prisma.job.findFirstOrThrow({
      where: { targetType: "invite", targetId: sent.id, jobType: "invites.deliver-invitation" },
    });
    expect(delivery).toMatchObject({ status: "cancelled", resolutionNote: expect.stringMatching(/451/) });
    expect(await t.prisma.job.findMany({ where: { jobType: "staff.bounced-invites", targetId: inviter.id } })).toMatchObject([
      { status: "pending", metadata: { context: { inviteId: sent.id, email: to } } },
    ]);
  });

  test('an invitation whose outcome is unknown (the worker stopped mid-send) is not left "on its way"', async () => {
    const inviter = await onboardedUser();
    const to = address("unknown");
    const held = inbox.stallNext(to);
    const sent = await sendInvite(t.prisma, inviter.id, { email: to });
    await held.reached;
    // As if the worker died now: the sweep finds the claim and cannot know whether the server took it.
    // With no age limit the sweep also settles any other email in flight this moment (the onboarding
    // emails of this file's users): at least this one; the assertions below pin it to this invitation.
    expect((await settleStaleDeliveries(t.prisma, { olderThanSeconds: 0 })).failed).toBeGreaterThanOrEqual(1);
    held.release();

    await expect.poll(() => invite(sent.id).then((i) => i.status), DEADLINE).toBe("bounced");
    expect((await invite(sent.id)).bounce).toMatch(/Outcome unknown/);
    expect(
      await t.prisma.job.findFirstOrThrow({ where: { targetType: "invite", targetId: sent.id, jobType: "invites.deliver-invitation" } }),
    ).toMatchObject({ status: "cancelled" });
    expect(await t.prisma.job.count({ where: { jobType: "staff.bounced-invites", targetId: inviter.id } })).toBe(1);
  });

  test("an invitation job that expires undelivered marks the invite bounced with why", async () => {
    const inviter = await onboardedUser();
    const to = address("late");
    const held = inbox.stallNext(to);
    const sent = await sendInvite(t.prisma, inviter.id, { email: to });
    await held.reached;
    await t.prisma.job.updateMany({
      where: { targetId: sent.id, jobType: "invites.deliver-invitation" },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    await expireDueJobs(t.prisma);
    held.release();

    await expect.poll(() => invite(sent.id).then((i) => i.status), DEADLINE).toBe("bounced");
    expect((await invite(sent.id)).bounce).toMatch(/expired/i);
    expect(await t.prisma.job.count({ where: { jobType: "staff.bounced-invites", targetId: inviter.id } })).toBe(1);
  });

  test("the receivers find the invite by its primary key, not by scanning invites", async () => {
    const inviter = await onboardedUser();
    const to = address("indexed");
    const held = inbox.stallNext(to);
    const sent = await sendInvite(t.prisma, inviter.id, { email: to });
    await held.reached;
    const scans = await t.prisma.$transaction(async (tx) => {
      await tx.$executeRaw`SET LOCAL enable_seqscan = off`;
      await jobCancelled(tx, {
        target: { type: "invite", id: sent.id },
        jobType: "invites.deliver-invitation",
        source: "system",
        metadata: { undelivered: "test" },
      });
      const [row] = await tx.$queryRaw<
        { scans: bigint }[]
      >`SELECT seq_scan AS scans FROM pg_stat_xact_user_tables WHERE relname = 'invites'`;
      return Number(row!.scans);
    });
    held.release();
    expect((await invite(sent.id)).status).toBe("bounced");
    expect(scans).toBe(0);
  });

  test("two inviters' bounces at the same moment open one staff job each, counting every bounce", async () => {
    const inviters = await Promise.all([onboardedUser(), onboardedUser()]);
    const refused = inviters.flatMap(() => [address("x"), address("y"), address("z")]);
    inbox.refuseWhen((a) => refused.includes(a));
    const invites = await Promise.all(refused.map((email, i) => sendInvite(t.prisma, inviters[Math.floor(i / 3)]!.id, { email })));
    await expect
      .poll(() => t.prisma.invite.count({ where: { id: { in: invites.map((i) => i.id) }, status: "bounced" } }), DEADLINE)
      .toBe(6);
    // Three bounces each, at once: one job each, and none of the three is lost from its count.
    for (const inviter of inviters) {
      expect(await t.prisma.job.findMany({ where: { jobType: "staff.bounced-invites", targetId: inviter.id } })).toMatchObject([
        { status: "pending", occurrences: 3 },
      ]);
    }
  });

  test(`${INVITES_PER_DAY} invitations a day: of 15 at once exactly ${INVITES_PER_DAY} are stored, the rest refused with when to try again`, async () => {
    const inviter = await onboardedUser();
    const results = await Promise.allSettled(
      Array.from({ length: 15 }, (_, i) => sendInvite(t.prisma, inviter.id, { email: address(`q${i}`) })),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(INVITES_PER_DAY);
    const refusals = results.filter((r): r is PromiseRejectedResult => r.status === "rejected").map((r) => r.reason);
    expect(refusals).toHaveLength(15 - INVITES_PER_DAY);
    for (const refusal of refusals) {
      expect(refusal).toMatchObject({
        code: "rate_limited",
        userMessage: expect.stringMatching(/invitations in the last 24 hours.*try again in (24 hours|1 day)/),
      });
    }
    expect(await t.prisma.invite.count({ where: { inviterId: inviter.id } })).toBe(INVITES_PER_DAY);
    expect(
      await t.prisma.job.count({ where: { jobType: "invites.deliver-invitation", metadata: { path: ["inviterId"], equals: inviter.id } } }),
    ).toBe(INVITES_PER_DAY);
  });

  test("an address that is not an email is refused and nothing is stored", async () => {
    const user = await onboardedUser();
    await expect(sendInvite(t.prisma, user.id, { email: "not an email" })).rejects.toMatchObject({
      code: "invalid_input",
      fieldErrors: { email: expect.any(Array) },
    });
    expect(await t.prisma.invite.count({ where: { inviterId: user.id } })).toBe(0);
  });
});
