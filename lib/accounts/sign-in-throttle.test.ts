import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { uniqueId } from "@/test/fixtures";
import { createTestDatabase, type TestDatabase } from "@/test/database";
import { clearSignInFailures, recordSignInFailure, SIGN_IN_THROTTLE, signInLockedUntil, type SignInThrottlePolicy } from "./sign-in-throttle";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.close();
});

const MINUTE = 60_000;
const policy: SignInThrottlePolicy = { maxFailures: 3, windowMs: 10 * MINUTE, lockMs: 5 * MINUTE };
const email = () => `${uniqueId("guess")}@example.test`;
const at = (start: Date, minutes: number) => new Date(start.getTime() + minutes * MINUTE);

async function fail(address: string, when: Date, times = 1): Promise<Date | null> {
  let locked: Date | null = null;
  for (let i = 0; i < times; i++) locked = await recordSignInFailure(t.prisma, address, when, policy);
  return locked;
}

describe("sign-in throttle", () => {
  test("the failure that reaches the limit locks the address for the lock time; before it, nothing is locked", async () => {
    const address = email();
    const start = new Date("2026-03-01T10:00:00Z");
    expect(await fail(address, start, 2)).toBeNull();
    expect(await signInLockedUntil(t.prisma, address, start)).toBeNull();

    const locked = await fail(address, at(start, 1));
    expect(locked).toEqual(at(start, 6));
    expect(await signInLockedUntil(t.prisma, address, at(start, 2))).toEqual(at(start, 6));
    // Over when the lock time is up.
    expect(await signInLockedUntil(t.prisma, address, at(start, 6))).toBeNull();
  });

  test("failures spread wider than the window never lock: each late one starts a new window", async () => {
    const address = email();
    const start = new Date("2026-03-02T10:00:00Z");
    expect(await fail(address, start, 2)).toBeNull();
    // 11 minutes later the window (10 minutes) has run out: this is failure 1 again.
    expect(await fail(address, at(start, 11))).toBeNull();
    expect(await fail(address, at(start, 12))).toBeNull();
    expect(await fail(address, at(start, 13))).toEqual(at(start, 18));
    const row = await t.prisma.signInThrottle.findUniqueOrThrow({ where: { email: address } });
    expect(row).toMatchObject({ failures: 3, windowStart: at(start, 11) });
  });

  test("a failure while locked does not extend the lock", async () => {
    const address = email();
    const start = new Date("2026-03-03T10:00:00Z");
    expect(await fail(address, start, 3)).toEqual(at(start, 5));
    expect(await fail(address, at(start, 2))).toEqual(at(start, 5));
  });

  test("each address is counted on its own, known or not", async () => {
    const [a, b] = [email(), email()];
    const start = new Date("2026-03-04T10:00:00Z");
    await fail(a, start, 3);
    expect(await signInLockedUntil(t.prisma, a, start)).not.toBeNull();
    expect(await signInLockedUntil(t.prisma, b, start)).toBeNull();
    expect(await fail(b, start)).toBeNull();
  });

  test("a successful sign-in forgets the failures", async () => {
    const address = email();
    const start = new Date("2026-03-05T10:00:00Z");
    await fail(address, start, 2);
    await clearSignInFailures(t.prisma, address);
    expect(await t.prisma.signInThrottle.count({ where: { email: address } })).toBe(0);
    // Two more do not lock: the count started again.
    expect(await fail(address, at(start, 1), 2)).toBeNull();
  });

  test("concurrent wrong guesses cannot slip past the limit: every one is counted", async () => {
    const address = email();
    const start = new Date("2026-03-06T10:00:00Z");
    const results = await Promise.all(Array.from({ length: 12 }, () => recordSignInFailure(t.prisma, address, start, policy)));
    const row = await t.prisma.signInThrottle.findUniqueOrThrow({ where: { email: address } });
    expect(row.failures).toBe(12);
    // The third and every later one answered "locked".
    expect(results.filter((r) => r !== null)).toHaveLength(10);
    expect(await signInLockedUntil(t.prisma, address, start)).toEqual(at(start, 5));
  });

  test("the product's policy: five wrong passwords in fifteen minutes pause the address for fifteen minutes", () => {
    expect(SIGN_IN_THROTTLE).toEqual({ maxFailures: 5, windowMs: 15 * MINUTE, lockMs: 15 * MINUTE });
  });
});
