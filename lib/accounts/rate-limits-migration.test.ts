import { cp, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, expect, test } from "vitest";
import { DEFAULT_MIGRATIONS_DIR, migrate, readMigrations } from "@/lib/db/migrate";
import { createTestDatabase, type TestDatabase } from "@/test/database";

// The migration that turns sign_in_throttle into rate_limits reshapes rows:
// every address counted or locked before it must be counted and locked after.

const MIGRATION = "20261130160228_accounts_rate_limits_session_version";

let t: TestDatabase;
let before: string;
beforeAll(async () => {
  t = await createTestDatabase({ empty: true });
  before = await mkdtemp(path.join(tmpdir(), "jtbd-migrations-"));
  for (const m of await readMigrations()) {
    if (m.name >= MIGRATION) continue;
    await cp(path.join(DEFAULT_MIGRATIONS_DIR, m.name), path.join(before, m.name), { recursive: true });
  }
  await cp(path.join(DEFAULT_MIGRATIONS_DIR, "migration_lock.toml"), path.join(before, "migration_lock.toml"));
});
afterAll(async () => {
  await t?.close();
  if (before) await rm(before, { recursive: true, force: true });
});

test("every sign-in throttle row is kept as the sign-in limit of its address", async () => {
  await migrate(t.url, before);
  const client = new pg.Client({ connectionString: t.url });
  await client.connect();
  try {
    await client.query(`
      INSERT INTO sign_in_throttle (email, failures, window_start, locked_until) VALUES
        ('locked@example.test', 5, '2026-11-30T10:00:00Z', '2026-11-30T10:15:00Z'),
        ('counted@example.test', 2, '2026-11-30T10:05:00Z', NULL)`);
    const result = await migrate(t.url);
    expect(result.applied).toContain(MIGRATION);
    const { rows } = await client.query("SELECT key, hits, window_start, blocked_until FROM rate_limits ORDER BY key");
    expect(rows).toEqual([
      { key: "sign-in:email:counted@example.test", hits: 2, window_start: new Date("2026-11-30T10:05:00Z"), blocked_until: null },
      {
        key: "sign-in:email:locked@example.test",
        hits: 5,
        window_start: new Date("2026-11-30T10:00:00Z"),
        blocked_until: new Date("2026-11-30T10:15:00Z"),
      },
    ]);
  } finally {
    await client.end();
  }
});
