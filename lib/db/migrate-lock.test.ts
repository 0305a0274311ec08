import { spawn } from "node:child_process";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, expect, test } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/test/database";

// Two deploys that both run `npm run db:migrate` against one empty database:
// the applier takes Prisma's migration lock (the advisory lock `prisma migrate
// deploy` takes too, key 72707369), so one applies everything, the other
// waits and then finds nothing to do, and no migration runs twice.

const root = path.join(import.meta.dirname, "../..");
const PRISMA_MIGRATE_LOCK = 72707369;

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase({ empty: true, poolMax: 2 });
}, 90_000);
afterAll(async () => {
  await t?.close();
}, 90_000);

function dbMigrate(): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn("npm", ["run", "--silent", "db:migrate"], {
      cwd: root,
      env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp", NODE_ENV: "production", DATABASE_URL: t.url },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (c: Buffer) => (output += c.toString()));
    child.stderr.on("data", (c: Buffer) => (output += c.toString()));
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`db:migrate did not finish within 60 s:\n${output}`));
    }, 60_000);
    child.on("error", reject);
    child.on("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

test("two db:migrate at once: both wait on Prisma's lock, each migration is applied once", async () => {
  // Hold the lock first, so both runs are certainly in flight together: each
  // must be seen waiting for it before either may go.
  const holder = new pg.Client({ connectionString: t.url });
  await holder.connect();
  try {
    await holder.query("SELECT pg_advisory_lock($1)", [PRISMA_MIGRATE_LOCK]);
    const runs = [dbMigrate(), dbMigrate()];

    const deadline = Date.now() + 20_000;
    let waiting = 0;
    while (waiting < 2) {
      if (Date.now() > deadline) throw new Error(`two db:migrate never both waited for the migration lock (${waiting} waiting)`);
      const { rows } = await holder.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM pg_locks l JOIN pg_database d ON d.oid = l.database
         WHERE l.locktype = 'advisory' AND NOT l.granted AND d.datname = current_database() AND l.objid = $1`,
        [PRISMA_MIGRATE_LOCK],
      );
      waiting = rows[0]!.n;
      if (waiting < 2) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await holder.query("SELECT pg_advisory_unlock($1)", [PRISMA_MIGRATE_LOCK]);

    const results = await Promise.all(runs);
    expect(results.map((r) => r.code)).toEqual([0, 0]);
    const outputs = results.map((r) => r.output.trim()).sort();
    expect(outputs[0]).toMatch(/^Applied \d{14}_init, /);
    expect(outputs[1]).toMatch(/^Up to date \(\d+ migrations\)\.$/);
  } finally {
    await holder.end();
  }

  const rows = await t.prisma.$queryRaw<{ migration_name: string; n: number; finished: number }[]>`
    SELECT migration_name, count(*)::int AS n, count(finished_at)::int AS finished FROM "_prisma_migrations" GROUP BY migration_name`;
  expect(rows.length).toBeGreaterThan(1);
  expect(rows.filter((r) => r.n !== 1 || r.finished !== 1)).toEqual([]);
}, 90_000);
