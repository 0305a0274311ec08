import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { requestOnboardingJobs } from "@/lib/accounts/onboarding";
import type { UserRow } from "@/lib/db/client";
import type { JobTypeKey } from "@/lib/jobs";
import { createVerifyEmailToken, VERIFY_EMAIL_TOKEN_TTL_SECONDS } from "@/lib/notifications";
import { createTestDatabase, type TestDatabase } from "@/test/database";
import { actorOf, countRows, createUser, expireInThePast } from "@/test/fixtures";
import { markGuideRead } from "./mark-guide-read";
import { saveMyProfile } from "./save-my-profile";
import { sendMyInvite } from "./send-my-invite";
import { INVITES_PER_DAY } from "@/lib/invites/send-invite";
import { uploadMyDocument } from "./upload-my-document";
import { verifyMyEmail } from "./verify-my-email";

// The host product's own-account commands. The rule they share: the person
// acted for is the signed-in one, never someone named in the input; signed
// out, nothing happens.

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase({ poolMax: 4 });
});
afterAll(async () => {
  await t?.close();
});

async function onboarded() {
  const user = await createUser(t.prisma);
  await requestOnboardingJobs(t.prisma, user.id);
  return user;
}

const statusOf = async (user: UserRow, jobType: JobTypeKey) =>
  (await t.prisma.job.findFirstOrThrow({ where: { assignedToId: user.id, jobType }, orderBy: { createdAt: "desc" } })).status;

// Starts like a PDF (the upload checks a file's first bytes), padded to `size`.
const pdf = (name = "passport.pdf", type = "application/pdf", size = 1200) =>
  new File([new TextEncoder().encode("%PDF-1.4\n"), new Uint8Array(size - 9).fill(37)], name, { type });

/** Everything a command could have written, so "nothing changed" is one comparison. */
async function everything() {
  const [rows, documents, invites, profiles, verified] = await Promise.all([
    countRows(t.prisma),
    t.prisma.document.count(),
    t.prisma.invite.count(),
    t.prisma.user.count({ where: { company: { not: null } } }),
    t.prisma.user.count({ where: { emailVerified: { not: null } } }),
  ]);
  return { ...rows, documents, invites, profiles, verified };
}

const validInput = {
  saveMyProfile: () => ({ name: "Mina Okafor", company: "Acme", jobTitle: "Analyst" }),
  uploadMyDocument: () => ({ file: pdf() }),
  sendMyInvite: () => ({ email: "teammate@example.com" }),
  markGuideRead: () => ({}),
  verifyMyEmail: (user: UserRow) => ({ token: createVerifyEmailToken(user.id) }),
};
const commands = { saveMyProfile, uploadMyDocument, sendMyInvite, markGuideRead, verifyMyEmail } as const;

describe.each(Object.keys(commands) as (keyof typeof commands)[])("%s", (name) => {
  test("signed out: refused as unauthenticated and nothing is written", async () => {
    const user = await onboarded();
    const before = await everything();

    const result = await commands[name].run(null, validInput[name](user), { db: t.prisma });

    expect(result).toMatchObject({ ok: false, error: { code: "unauthenticated" } });
    expect(await everything()).toEqual(before);
  });
});

describe("saveMyProfile", () => {
  test("saves the signed-in person's profile and completes their job, even when the input names someone else", async () => {
    const [me, other] = await Promise.all([onboarded(), onboarded()]);

    const result = await saveMyProfile.run(
      actorOf(me),
      { ...validInput.saveMyProfile(), id: other.id, userId: other.id },
      { db: t.prisma },
    );

    expect(result).toEqual({ ok: true, data: { id: me.id, name: "Mina Okafor", company: "Acme", jobTitle: "Analyst" } });
    expect(await statusOf(me, "onboarding.complete-profile")).toBe("completed");
    expect(await t.prisma.user.findUniqueOrThrow({ where: { id: other.id }, select: { name: true, company: true } })).toEqual({
      name: other.name,
      company: null,
    });
    expect(await statusOf(other, "onboarding.complete-profile")).toBe("pending");
  });

  test.each<{ label: string; input: unknown; field: string }>([
    { label: "a blank company", input: { name: "Mina", company: "  ", jobTitle: "Analyst" }, field: "company" },
    { label: "no job title", input: { name: "Mina", company: "Acme" }, field: "jobTitle" },
    { label: "a name of 101 characters", input: { name: "x".repeat(101), company: "Acme", jobTitle: "Analyst" }, field: "name" },
  ])("refuses $label per field and changes nothing", async ({ input, field }) => {
    const me = await onboarded();
    const before = await everything();

    const result = await saveMyProfile.run(actorOf(me), input, { db: t.prisma });

    expect(result).toMatchObject({ ok: false, error: { code: "invalid_input", fieldErrors: { [field]: [expect.any(String)] } } });
    expect(await everything()).toEqual(before);
    expect(await statusOf(me, "onboarding.complete-profile")).toBe("pending");
  });
});

describe("uploadMyDocument", () => {
  test("stores the document as the signed-in person's, whatever owner the input names, and completes their upload job", async () => {
    const [me, other] = await Promise.all([onboarded(), onboarded()]);

    const result = await uploadMyDocument.run(actorOf(me), { file: pdf(), ownerId: other.id, userId: other.id }, { db: t.prisma });

    expect(result).toMatchObject({
      ok: true,
      data: { fileName: "passport.pdf", contentType: "application/pdf", sizeBytes: 1200, status: "pending_review" },
    });
    expect(await t.prisma.document.findMany({ where: { ownerId: { in: [me.id, other.id] } }, select: { ownerId: true } })).toEqual([
      { ownerId: me.id },
    ]);
    expect(await statusOf(me, "onboarding.upload-document")).toBe("completed");
    expect(await statusOf(other, "onboarding.upload-document")).toBe("pending");
  });

  test("a file of the wrong type is refused with a message for the file field, and staff are told", async () => {
    const me = await onboarded();

    const result = await uploadMyDocument.run(actorOf(me), { file: pdf("notes.txt", "text/plain") }, { db: t.prisma });

    expect(result).toEqual({
      ok: false,
      error: {
        code: "invalid_input",
        message: expect.stringMatching(/text\/plain are not accepted/),
        fieldErrors: { file: [expect.stringMatching(/text\/plain are not accepted/)] },
      },
    });
    expect(await t.prisma.document.count({ where: { ownerId: me.id } })).toBe(0);
    expect(await t.prisma.job.count({ where: { targetId: me.id, jobType: "staff.rejected-upload", status: "pending" } })).toBe(1);
    expect(await statusOf(me, "onboarding.upload-document")).toBe("pending");
  });

  test.each<{ label: string; input: unknown }>([
    { label: "no file at all", input: {} },
    { label: "a text value instead of a file", input: { file: "passport.pdf" } },
    {
      label: "the empty file a form sends when nothing was chosen",
      input: { file: new File([], "", { type: "application/octet-stream" }) },
    },
  ])("$label: asks to choose a file, and bothers nobody", async ({ input }) => {
    const me = await onboarded();
    const before = await everything();

    const result = await uploadMyDocument.run(actorOf(me), input, { db: t.prisma });

    expect(result).toEqual({
      ok: false,
      error: { code: "invalid_input", message: "Choose a file to upload.", fieldErrors: { file: ["Choose a file to upload."] } },
    });
    expect(await everything()).toEqual(before);
  });
});

describe("sendMyInvite", () => {
  test("the invite is the signed-in person's, whatever inviter the input names; it is queued, and their job waits for delivery", async () => {
    const [me, other] = await Promise.all([onboarded(), onboarded()]);

    const result = await sendMyInvite.run(actorOf(me), { email: "Teammate@Example.com", inviterId: other.id }, { db: t.prisma });

    expect(result).toMatchObject({ ok: true, data: { email: "teammate@example.com", status: "sending" } });
    expect(await t.prisma.invite.findMany({ where: { inviterId: { in: [me.id, other.id] } }, select: { inviterId: true } })).toEqual([
      { inviterId: me.id },
    ]);
    // Done only when a mail server accepts the email (lib/invites/invites.test.ts delivers it).
    expect(await statusOf(me, "onboarding.invite-teammate")).toBe("pending");
    expect(await t.prisma.notification.count({ where: { recipientId: me.id, toAddress: "teammate@example.com", status: "queued" } })).toBe(
      1,
    );
  });

  test(`over the daily quota (${INVITES_PER_DAY}) it is refused with when to try again, and nothing is written`, async () => {
    const me = await onboarded();
    for (let i = 0; i < INVITES_PER_DAY; i++)
      expect((await sendMyInvite.run(actorOf(me), { email: `mate${i}@example.com` }, { db: t.prisma })).ok).toBe(true);
    const before = await everything();

    const result = await sendMyInvite.run(actorOf(me), { email: "one-more@example.com" }, { db: t.prisma });

    expect(result).toMatchObject({ ok: false, error: { code: "rate_limited", message: expect.stringMatching(/try again in/) } });
    expect(await everything()).toEqual(before);
  });

  test("an address that is not one is refused with a field error and stores nothing", async () => {
    const me = await onboarded();
    const before = await everything();

    const result = await sendMyInvite.run(actorOf(me), { email: "not an email" }, { db: t.prisma });

    expect(result).toMatchObject({
      ok: false,
      error: { code: "invalid_input", fieldErrors: { email: ["Enter an email address like name@example.com."] } },
    });
    expect(await everything()).toEqual(before);
  });
});

describe("markGuideRead", () => {
  test("completes the signed-in person's guide job, by them, and nobody else's", async () => {
    const [me, other] = await Promise.all([onboarded(), onboarded()]);

    const result = await markGuideRead.run(actorOf(me), { userId: other.id }, { db: t.prisma });

    expect(result).toEqual({ ok: true, data: { status: "completed", changed: true } });
    expect(await t.prisma.job.findFirstOrThrow({ where: { assignedToId: me.id, jobType: "onboarding.read-guide" } })).toMatchObject({
      status: "completed",
      completedById: me.id,
      completionSource: "user",
    });
    expect(await statusOf(other, "onboarding.read-guide")).toBe("pending");
  });

  test.each<{ label: string; arrange: (user: UserRow) => Promise<unknown>; expected: object }>([
    {
      label: "twice: the second changes nothing",
      arrange: (user) => markGuideRead.run(actorOf(user), {}, { db: t.prisma }),
      expected: { ok: true, data: { status: "completed", changed: false } },
    },
    {
      label: "past its expiry: refused as expired",
      arrange: async (user) =>
        expireInThePast(
          t.prisma,
          (await t.prisma.job.findFirstOrThrow({ where: { assignedToId: user.id, jobType: "onboarding.read-guide" } })).id,
        ),
      expected: { ok: false, error: { code: "job_expired" } },
    },
  ])("$label", async ({ arrange, expected }) => {
    const me = await onboarded();
    await arrange(me);
    expect(await markGuideRead.run(actorOf(me), {}, { db: t.prisma })).toMatchObject(expected);
  });

  test("someone who never had a guide job has nothing to tick", async () => {
    const me = await createUser(t.prisma);
    expect(await markGuideRead.run(actorOf(me), {}, { db: t.prisma })).toEqual({ ok: true, data: { status: null, changed: false } });
  });
});

describe("verifyMyEmail", () => {
  test("a link made for the signed-in person verifies them and completes their job; opening it again is harmless", async () => {
    const me = await onboarded();
    const token = createVerifyEmailToken(me.id);

    const first = await verifyMyEmail.run(actorOf(me), { token }, { db: t.prisma });
    const again = await verifyMyEmail.run(actorOf(me), { token }, { db: t.prisma });

    expect(first).toEqual({ ok: true, data: { verifiedAt: expect.any(Date) } });
    expect(again).toEqual(first);
    expect(await statusOf(me, "onboarding.verify-email")).toBe("completed");
  });

  test("a link made for someone else is refused and verifies nobody", async () => {
    const [me, other] = await Promise.all([onboarded(), onboarded()]);
    const before = await everything();

    const result = await verifyMyEmail.run(actorOf(me), { token: createVerifyEmailToken(other.id) }, { db: t.prisma });

    expect(result).toMatchObject({ ok: false, error: { code: "forbidden", message: expect.stringContaining("another account") } });
    expect(await everything()).toEqual(before);
    expect(await statusOf(other, "onboarding.verify-email")).toBe("pending");
  });

  test.each<{ label: string; token: (user: UserRow) => unknown }>([
    {
      label: "an expired link",
      token: (user) => createVerifyEmailToken(user.id, { now: new Date(Date.now() - VERIFY_EMAIL_TOKEN_TTL_SECONDS * 1000 - 1000) }),
    },
    { label: "a link cut short", token: (user) => createVerifyEmailToken(user.id).slice(0, -4) },
    { label: "a made-up code", token: () => "not-a-token" },
  ])("$label is refused with a clear message and changes nothing", async ({ token }) => {
    const me = await onboarded();
    const before = await everything();

    const result = await verifyMyEmail.run(actorOf(me), { token: token(me) }, { db: t.prisma });

    expect(result).toMatchObject({
      ok: false,
      error: { code: "invalid_input", message: expect.stringContaining("not valid or has expired") },
    });
    expect(await everything()).toEqual(before);
  });
});
