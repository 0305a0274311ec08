import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { uniqueId } from "@/test/fixtures";
import { createTestDatabase, type TestDatabase } from "@/test/database";
import { clearRateLimit, hitRateLimit, RATE_LIMITS, type RateLimitPolicy, refundRateLimit } from "./rate-limit";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.close();
});

const MINUTE = 60_000;
const policy: RateLimitPolicy = { limit: 3, windowMs: 10 * MINUTE, blockMs: 5 * MINUTE };
const key = () => uniqueId("limit");
const at = (start: Date, minutes: number) => new Date(start.getTime() + minutes * MINUTE);

async function hits(k: string, when: Date, times: number) {
  const results = [];
  for (let i = 0; i < times; i++) results.push(await hitRateLimit(t.prisma, k, policy, when));
  return results;
}

describe("rate limits", () => {
  test("the hit that reaches the limit is allowed and starts the block; later ones are refused until it ends", async () => {
    const k = key();
    const start = new Date("2026-03-01T10:00:00Z");
    const first = await hits(k, start, 2);
    expect(first.map((h) => [h.allowed, h.blockedUntil])).toEqual([
      [true, null],
      [true, null],
    ]);
    expect(await hitRateLimit(t.prisma, k, policy, at(start, 1))).toEqual({ allowed: true, hits: 3, blockedUntil: at(start, 6) });
    expect(await hitRateLimit(t.prisma, k, policy, at(start, 2))).toEqual({ allowed: false, hits: 4, blockedUntil: at(start, 6) });
    // The block is over at its end: a new window starts with this hit.
    expect(await hitRateLimit(t.prisma, k, policy, at(start, 6))).toEqual({ allowed: true, hits: 1, blockedUntil: null });
  });

  test("hits spread wider than the window never block: each late one starts a new window", async () => {
    const k = key();
    const start = new Date("2026-03-02T10:00:00Z");
    await hits(k, start, 2);
    expect(await hitRateLimit(t.prisma, k, policy, at(start, 11))).toEqual({ allowed: true, hits: 1, blockedUntil: null });
  });

  test("hits while blocked do not extend the block", async () => {
    const k = key();
    const start = new Date("2026-03-03T10:00:00Z");
    await hits(k, start, 3);
    expect((await hitRateLimit(t.prisma, k, policy, at(start, 4))).blockedUntil).toEqual(at(start, 5));
  });

  test("clearing forgets the key; a refund takes back one hit but never shortens a block", async () => {
    const [a, b] = [key(), key()];
    const start = new Date("2026-03-05T10:00:00Z");
    await hits(a, start, 2);
    await clearRateLimit(t.prisma, a);
    expect(await t.prisma.rateLimit.count({ where: { key: a } })).toBe(0);

    await hits(b, start, 2);
    await refundRateLimit(t.prisma, b, start);
    expect((await hitRateLimit(t.prisma, b, policy, start)).hits).toBe(2);
    await hits(b, start, 1);
    await refundRateLimit(t.prisma, b, start);
    expect(await hitRateLimit(t.prisma, b, policy, start)).toMatchObject({ allowed: false, hits: 4 });
  });

  test("of concurrent hits exactly the limit are allowed, whatever their order", async () => {
    const k = key();
    const start = new Date("2026-03-06T10:00:00Z");
    const results = await Promise.all(Array.from({ length: 12 }, () => hitRateLimit(t.prisma, k, policy, start)));
    expect(results.filter((r) => r.allowed)).toHaveLength(3);
    expect((await t.prisma.rateLimit.findUniqueOrThrow({ where: { key: k } })).hits).toBe(12);
  });

  test("the product's sign-in policy: five password attempts per address in fifteen minutes, then a fifteen-minute pause", () => {
    expect(RATE_LIMITS["sign-in:email"]).toEqual({ limit: 5, windowMs: 15 * MINUTE, blockMs: 15 * MINUTE });
  });
});
