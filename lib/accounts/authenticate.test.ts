import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { hashPassword, verifyPassword } from "@/lib/auth/password";
import { createUser, uniqueId } from "@/test/fixtures";
import { createTestDatabase, type TestDatabase } from "@/test/database";
import { authenticate } from "./authenticate";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.close();
});

/** Real bcrypt, counted: how many passwords were actually evaluated. */
function countingVerify() {
  const counter = {
    calls: 0,
    verify: async (password: string, hash: string | null | undefined) => {
      counter.calls++;
      return verifyPassword(password, hash);
    },
  };
  return counter;
}

const address = () => `198.51.100.${Math.floor(Math.random() * 250) + 1}-${uniqueId("ip")}`;

describe("authenticate: password guessing", () => {
  test("20 wrong passwords at once for one address: at most 5 are evaluated, the rest refused unheard", async () => {
    const user = await createUser(t.prisma);
    const counter = countingVerify();
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        authenticate(t.prisma, { email: user.email, password: `wrong ${i}`, clientAddress: address() }, { verifyPassword: counter.verify }),
      ),
    );
    expect(counter.calls).toBeLessThanOrEqual(5);
    // Four plain refusals; the fifth evaluated guess started the pause and says so, like the fifteen never evaluated.
    expect(results.filter((r) => !r.ok && r.reason === "wrong_password")).toHaveLength(4);
    expect(results.filter((r) => !r.ok && r.reason === "rate_limited" && r.scope === "email")).toHaveLength(16);
  });

  test("one client address guessing across many accounts is paused after 30 wrong passwords, and only then", async () => {
    const from = address();
    const counter = countingVerify();
    const guess = (i: number) =>
      authenticate(
        t.prisma,
        { email: `${uniqueId("spray")}-${i}@example.test`, password: "Summer2026!", clientAddress: from },
        { verifyPassword: counter.verify },
      );
    const results = await Promise.all(Array.from({ length: 35 }, (_, i) => guess(i)));
    expect(counter.calls).toBe(30);
    expect(results.filter((r) => !r.ok && r.reason === "rate_limited" && r.scope === "ip")).toHaveLength(6);
    // Another client address is not affected.
    expect(await authenticate(t.prisma, { email: "someone@example.test", password: "x", clientAddress: address() })).toEqual({
      ok: false,
      reason: "wrong_password",
    });
  });

  test("the right password signs in, forgets the address's attempts and does not charge the client address", async () => {
    const password = "the right password";
    const user = await t.prisma.user.create({
      data: { email: `${uniqueId("owner")}@example.test`, passwordHash: await hashPassword(password) },
    });
    const from = address();
    for (let i = 0; i < 4; i++) await authenticate(t.prisma, { email: user.email, password: "wrong", clientAddress: from });
    const result = await authenticate(t.prisma, { email: user.email, password, clientAddress: from });
    expect(result).toMatchObject({ ok: true, user: { id: user.id, sessionVersion: 0 } });
    expect(await t.prisma.rateLimit.findUnique({ where: { key: `sign-in:email:${user.email}` } })).toBeNull();
    expect((await t.prisma.rateLimit.findUniqueOrThrow({ where: { key: `sign-in:ip:${from}` } })).hits).toBe(4);
  });

  test("a registered and a never-registered address get the same answers, attempt by attempt", async () => {
    const user = await createUser(t.prisma);
    const answers = async (email: string) => {
      const out = [];
      for (let i = 0; i < 7; i++) {
        const r = await authenticate(t.prisma, { email, password: `wrong ${i}`, clientAddress: address() });
        out.push(r.ok ? "ok" : r.reason);
      }
      return out;
    };
    const known = await answers(user.email);
    expect(known).toEqual([
      "wrong_password",
      "wrong_password",
      "wrong_password",
      "wrong_password",
      "rate_limited",
      "rate_limited",
      "rate_limited",
    ]);
    expect(await answers(`${uniqueId("nobody")}@example.test`)).toEqual(known);
  });
});
