import { afterAll, beforeAll, expect, test } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/test/database";
import { runRetentionSweep } from "./start-retention-sweep";

// The rate-limit tables keep one row per key ever counted (every address that
// tried to sign in, every API key): the retention sweep deletes the rows whose
// window and block are over, which the next hit would have started afresh
// anyway, and keeps every row that still counts or blocks.

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase({ poolMax: 2 });
});
afterAll(async () => {
  await t?.close();
});

test("expired windows of rate_limits and api_rate_limits are deleted; live ones and blocks are kept", async () => {
  await t.prisma.$executeRaw`
    INSERT INTO rate_limits (key, hits, window_start, blocked_until) VALUES
      ('sign-in:ip:old', 3, now() - interval '3 hours', NULL),
      ('sign-in:ip:block-over', 30, now() - interval '3 hours', now() - interval '2 hours'),
      ('sign-in:ip:live', 2, now() - interval '5 minutes', NULL),
      ('sign-up:ip:blocked', 20, now() - interval '3 hours', now() + interval '1 hour')`;
  const nowMs = Date.now();
  await t.prisma.$executeRaw`
    INSERT INTO api_rate_limits (key, points, expire) VALUES
      ('api-key:old', 5, ${BigInt(nowMs - 60_000)}),
      ('api-key:live', 5, ${BigInt(nowMs + 60_000)}),
      ('api-key:forever', 1, NULL)`;

  const result = await runRetentionSweep(t.prisma);

  expect(result).toMatchObject({ rateLimits: 2, apiRateLimits: 1 });
  expect((await t.prisma.rateLimit.findMany({ orderBy: { key: "asc" } })).map((r) => r.key)).toEqual([
    "sign-in:ip:live",
    "sign-up:ip:blocked",
  ]);
  expect((await t.prisma.apiRateLimit.findMany({ orderBy: { key: "asc" } })).map((r) => r.key)).toEqual([
    "api-key:forever",
    "api-key:live",
  ]);
});
