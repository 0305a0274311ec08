import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { UserRow } from "@/lib/db/client";
import { createUnsubscribeToken, createVerifyEmailToken } from "@/lib/notifications";
import { createTestDatabase, type TestDatabase } from "@/test/database";
import { createUser } from "@/test/fixtures";
import { confirmUnsubscribe } from "./confirm/confirm-unsubscribe";
import { oneClickUnsubscribe } from "./one-click-unsubscribe";
import { GET } from "./route";

// The unsubscribe link of reminder emails, called the way the mail client
// (one-click POST, RFC 8058) and the person (GET, then the page's button) do.
// POST and the button are called as the route and the action call them, on
// this file's own database.

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase({ poolMax: 4 });
});
afterAll(async () => {
  await t?.close();
});

const linkOf = (token: string) => `http://127.0.0.1:3000/unsubscribe?token=${encodeURIComponent(token)}`;

function oneClick(url: string, body: BodyInit = "List-Unsubscribe=One-Click", contentType = "application/x-www-form-urlencoded"): Request {
  return new Request(url, { method: "POST", body, headers: { "Content-Type": contentType } });
}

/** The same token with the first character of its signature changed (the last one may only carry padding bits). */
function tampered(token: string): string {
  const at = token.indexOf(".") + 1;
  return `${token.slice(0, at)}${token[at] === "A" ? "B" : "A"}${token.slice(at + 1)}`;
}

const emailRemindersOf = async (user: UserRow) =>
  (await t.prisma.user.findUniqueOrThrow({ where: { id: user.id }, select: { emailReminders: true } })).emailReminders;

describe("POST /unsubscribe (one-click)", () => {
  test("a signed link with List-Unsubscribe=One-Click turns reminder emails off, without a session; twice is harmless", async () => {
    const [user, other] = await Promise.all([createUser(t.prisma), createUser(t.prisma)]);
    const url = linkOf(createUnsubscribeToken(user.id));

    const response = await oneClickUnsubscribe(t.prisma, oneClick(url));

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true, data: { emailReminders: false } });
    expect(await emailRemindersOf(user)).toBe(false);
    expect(await emailRemindersOf(other)).toBe(true);
    expect((await oneClickUnsubscribe(t.prisma, oneClick(url))).status).toBe(200);
  });

  test("a multipart body is accepted too (RFC 8058 allows either form encoding)", async () => {
    const user = await createUser(t.prisma);
    const body = new FormData();
    body.set("List-Unsubscribe", "One-Click");

    const response = await oneClickUnsubscribe(t.prisma, new Request(linkOf(createUnsubscribeToken(user.id)), { method: "POST", body }));

    expect(response.status).toBe(200);
    expect(await emailRemindersOf(user)).toBe(false);
  });

  test.each<{ label: string; token: (userId: string) => string }>([
    { label: "a changed signature", token: (id) => tampered(createUnsubscribeToken(id)) },
    { label: "a token cut off", token: (id) => createUnsubscribeToken(id).slice(0, 20) },
    { label: "a token signed for the verify-email link", token: (id) => createVerifyEmailToken(id) },
    { label: "no token", token: () => "" },
  ])("$label is refused with a clear message (400) and nothing changes", async ({ token }) => {
    const user = await createUser(t.prisma);

    const response = await oneClickUnsubscribe(
      t.prisma,
      oneClick(token(user.id) ? linkOf(token(user.id)) : "http://127.0.0.1:3000/unsubscribe"),
    );

    expect(response.status).toBe(400);
    const body = await response.json();
    expect(body).toEqual({
      ok: false,
      error: { code: "invalid_input", message: expect.stringContaining("This unsubscribe link is not valid") },
    });
    expect(JSON.stringify(body)).not.toMatch(/at .*\.ts|stack|signature/i);
    expect(await emailRemindersOf(user)).toBe(true);
  });

  test.each<{ label: string; request: (url: string) => Request }>([
    { label: "an empty body", request: (url) => oneClick(url, "") },
    { label: "another form field", request: (url) => oneClick(url, "unsubscribe=yes") },
    { label: "a JSON body", request: (url) => oneClick(url, JSON.stringify({ "List-Unsubscribe": "One-Click" }), "application/json") },
  ])("a POST with $label is not a one-click request: 400, nothing changes", async ({ request }) => {
    const user = await createUser(t.prisma);

    const response = await oneClickUnsubscribe(t.prisma, request(linkOf(createUnsubscribeToken(user.id))));

    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      ok: false,
      error: { code: "invalid_input", message: expect.stringContaining("List-Unsubscribe=One-Click") },
    });
    expect(await emailRemindersOf(user)).toBe(true);
  });

  test("a signed link of an account that is gone: 404 with a message, nothing else touched", async () => {
    const user = await createUser(t.prisma);
    const token = createUnsubscribeToken(user.id);
    await t.prisma.user.delete({ where: { id: user.id } });

    const response = await oneClickUnsubscribe(t.prisma, oneClick(linkOf(token)));

    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({
      ok: false,
      error: { code: "not_found", message: expect.stringContaining("no longer exists") },
    });
  });
});

describe("GET /unsubscribe", () => {
  test("changes nothing and sends the person to the page that asks first, token and all", async () => {
    const user = await createUser(t.prisma);
    const token = createUnsubscribeToken(user.id);

    const response = GET(new Request(linkOf(token)));

    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe(`/unsubscribe/confirm?token=${encodeURIComponent(token)}`);
    expect(await emailRemindersOf(user)).toBe(true);
  });

  test("without a token it still lands on the page, which explains the link is not valid", () => {
    const response = GET(new Request("http://127.0.0.1:3000/unsubscribe"));
    expect(response.headers.get("location")).toBe("/unsubscribe/confirm");
  });
});

describe("the page's Unsubscribe button (server action)", () => {
  const form = (token: string) => {
    const data = new FormData();
    data.set("token", token);
    return data;
  };

  test("turns the named person's reminder emails off", async () => {
    const user = await createUser(t.prisma);

    expect(await confirmUnsubscribe(t.prisma, form(createUnsubscribeToken(user.id)))).toEqual({
      ok: true,
      data: { emailReminders: false },
    });
    expect(await emailRemindersOf(user)).toBe(false);
  });

  test("a changed token is refused with a message saying how to change preferences instead", async () => {
    const user = await createUser(t.prisma);

    const result = await confirmUnsubscribe(t.prisma, form(tampered(createUnsubscribeToken(user.id))));

    expect(result).toEqual({
      ok: false,
      error: { code: "invalid_input", message: expect.stringContaining("sign in and change your email preferences") },
    });
    expect(await emailRemindersOf(user)).toBe(true);
  });
});
