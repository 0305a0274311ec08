import { encode } from "next-auth/jwt";
import { afterAll, beforeAll, describe, expect, test, vi } from "vitest";
import { readSessionClaims } from "./session-claims";

// Pages read the session cookie with Auth.js's own getToken (lib/auth/session-claims.ts):
// what it accepts and what it refuses, with tokens made the way Auth.js makes them.

const SECRET = "a-test-secret-that-is-at-least-32-characters-long";
const NAME = "authjs.session-token";
const SECURE_NAME = `__Secure-${NAME}`;
const id = "0195f3c2-7d1e-7a00-8000-000000000001";
const mint = (token: Record<string, unknown>, options: { name?: string; secret?: string; maxAge?: number } = {}) =>
  encode({ secret: options.secret ?? SECRET, salt: options.name ?? NAME, token, maxAge: options.maxAge });

beforeAll(() => {
  vi.stubEnv("AUTH_SECRET", SECRET);
});
afterAll(() => {
  vi.unstubAllEnvs();
});

describe("reading the session cookie", () => {
  test("a cookie Auth.js issued gives its claims, over http and over https (its __Secure- name), among other cookies", async () => {
    const plain = await mint({ sub: id, role: "staff", sv: 2 });
    await expect(readSessionClaims(`theme=dark; ${NAME}=${plain}`)).resolves.toEqual({ id, role: "staff", sessionVersion: 2 });
    const secure = await mint({ sub: id, role: "admin", sv: 0 }, { name: SECURE_NAME });
    await expect(readSessionClaims(`${SECURE_NAME}=${secure}`)).resolves.toEqual({ id, role: "admin", sessionVersion: 0 });
    // A token from before session versions existed counts as version 0, as sign-in's session callback reads it.
    const old = await mint({ sub: id, role: "user" });
    await expect(readSessionClaims(`${NAME}=${old}`)).resolves.toEqual({ id, role: "user", sessionVersion: 0 });
  });

  test.each([
    ["no cookie header", async () => null],
    ["other cookies only", async () => "theme=dark; lang=en"],
    ["an empty session cookie", async () => `${NAME}=`],
    ["a token encrypted with another secret", async () => `${NAME}=${await mint({ sub: id, role: "staff" }, { secret: "x".repeat(40) })}`],
    [
      "a token made for the other cookie name (its salt differs)",
      async () => `${NAME}=${await mint({ sub: id, role: "staff" }, { name: SECURE_NAME })}`,
    ],
    ["an expired token", async () => `${NAME}=${await mint({ sub: id, role: "staff" }, { maxAge: -60 })}`],
    [
      "a token altered by one character",
      async () => `${NAME}=${(await mint({ sub: id, role: "staff" })).replace(/.$/, (c) => (c === "A" ? "B" : "A"))}`,
    ],
    ["claims that are not ours: a role that does not exist", async () => `${NAME}=${await mint({ sub: id, role: "owner" })}`],
    ["claims that are not ours: a subject that is no uuid", async () => `${NAME}=${await mint({ sub: "1 OR 1=1", role: "staff" })}`],
  ])("%s: signed out", async (_, cookie) => {
    await expect(readSessionClaims(await cookie())).resolves.toBeNull();
  });
});
