import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { AppError } from "@/lib/errors";
import { createTestDatabase, type TestDatabase } from "@/test/database";
import { createUser } from "@/test/fixtures";
import { createHmac } from "node:crypto";
import { createJobLinkToken, readJobLinkToken } from "./job-link-token";
import { createSignedToken } from "./signed-token";
import { createUnsubscribeToken } from "./unsubscribe-token";
import { unsubscribeWithToken } from "./unsubscribe-with-token";
import { createVerifyEmailToken, VERIFY_EMAIL_TOKEN_TTL_SECONDS, verifyEmailToken } from "./verify-email-token";

// The signed links in emails. A link is honoured only as it was made: for its
// purpose, with our key, unchanged, and (verify email) before it expires.

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase({ poolMax: 2 });
});
afterAll(async () => {
  await t?.close();
});

const userId = "0196f5a0-0000-7000-8000-0000000000aa";
const flip = (token: string, at: number) => token.slice(0, at) + (token[at] === "A" ? "B" : "A") + token.slice(at + 1);

describe("verify-email token", () => {
  const now = new Date("2026-11-24T12:00:00Z");
  const token = createVerifyEmailToken(userId, { now });

  test.each([
    { label: "as made, the next day", token: () => token, at: new Date(now.getTime() + 86_400_000), expected: { userId } },
    { label: "expired", token: () => token, at: new Date(now.getTime() + VERIFY_EMAIL_TOKEN_TTL_SECONDS * 1000), expected: null },
    { label: "payload changed", token: () => flip(token, 3), at: now, expected: null },
    { label: "signature changed", token: () => flip(token, token.length - 3), at: now, expected: null },
    { label: "cut off", token: () => token.slice(0, -5), at: now, expected: null },
    {
      label: "signed with another key",
      token: () => createSignedToken("verify-email", userId, { secret: "x".repeat(40), expiresInSeconds: 60, now }),
      at: now,
      expected: null,
    },
    { label: "an unsubscribe token", token: () => createUnsubscribeToken(userId), at: now, expected: null },
    { label: "not a string", token: () => 42, at: now, expected: null },
  ])("$label", ({ token: make, at, expected }) => {
    expect(verifyEmailToken(make(), { now: at })).toEqual(expected);
  });
});

describe("unsubscribeWithToken", () => {
  test("turns reminder emails off; doing it twice is harmless", async () => {
    const user = await createUser(t.prisma);
    const token = createUnsubscribeToken(user.id);
    expect(await unsubscribeWithToken(t.prisma, token)).toEqual({ userId: user.id, email: user.email });
    expect(await unsubscribeWithToken(t.prisma, token)).toEqual({ userId: user.id, email: user.email });
    expect((await t.prisma.user.findUniqueOrThrow({ where: { id: user.id } })).emailReminders).toBe(false);
  });

  test.each([
    { label: "a bad signature", token: (id: string) => flip(createUnsubscribeToken(id), createUnsubscribeToken(id).length - 2) },
    { label: "a token for another purpose", token: (id: string) => createVerifyEmailToken(id) },
    { label: "garbage", token: () => "hello" },
  ])("$label is refused with a clear message and changes nothing", async ({ token }) => {
    const user = await createUser(t.prisma);
    const attempt = unsubscribeWithToken(t.prisma, token(user.id));
    await expect(attempt).rejects.toBeInstanceOf(AppError);
    await expect(attempt).rejects.toMatchObject({
      code: "invalid_input",
      userMessage: expect.stringMatching(/^This unsubscribe link is not valid/),
    });
    expect((await t.prisma.user.findUniqueOrThrow({ where: { id: user.id } })).emailReminders).toBe(true);
  });

  test("a valid link for an account that is gone is not found", async () => {
    await expect(unsubscribeWithToken(t.prisma, createUnsubscribeToken(crypto.randomUUID()))).rejects.toMatchObject({ code: "not_found" });
  });
});

describe("job link tokens (password reset, email change)", () => {
  const secret = "s".repeat(40);
  const jobId = crypto.randomUUID();

  test("are the job id and its HMAC for the purpose, as in links already mailed", () => {
    const mac = createHmac("sha256", secret).update(`jtbd:password-reset:${jobId}`).digest("base64url");
    expect(createJobLinkToken("password-reset", jobId, secret)).toBe(`${jobId}.${mac}`);
    expect(readJobLinkToken("password-reset", `${jobId}.${mac}`, secret)).toEqual({ jobId });
  });

  test("are refused for another purpose, with another key, or changed", () => {
    const token = createJobLinkToken("password-reset", jobId, secret);
    expect(readJobLinkToken("email-change", token, secret)).toBeNull();
    expect(readJobLinkToken("password-reset", token, "t".repeat(40))).toBeNull();
    expect(readJobLinkToken("password-reset", `${crypto.randomUUID()}.${token.split(".")[1]}`, secret)).toBeNull();
    expect(readJobLinkToken("password-reset", `${token}.x`, secret)).toBeNull();
  });
});
