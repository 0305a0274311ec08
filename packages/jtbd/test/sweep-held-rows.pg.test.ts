import pg from "pg";
import { afterAll, beforeAll, expect, test } from "vitest";
import { fromPg } from "../src/index.js";
import { migratedEngine, plant, type TestJobs } from "./helpers/engine.js";
import { createTestDatabase, type TestDatabase } from "./helpers/test-database.js";

// PostgreSQL only (the engine-pglite project leaves *.pg.test.ts out): PGlite
// has one backend, so a transaction held open on one connection stops every
// other connection, which is the very thing this test needs to do.

let t: TestDatabase;
let jobs: TestJobs;
beforeAll(async () => {
  t = await createTestDatabase();
  jobs = await migratedEngine(t.db);
});
afterAll(async () => {
  await t?.close();
});

test("a sweep beside a row another session holds expires the free ones promptly and leaves the held one", async () => {
  const ids: string[] = [];
  for (let i = 0; i < 5; i++) ids.push((await jobs.jobRequested({ jobType: "garden.water-plant", target: plant() })).job.id);
  await t.db.execute(`UPDATE ${jobs.sql.jobs} SET expires_at = now() - interval '1 minute' WHERE id = ANY($1::uuid[])`, [ids]);

  const holder = await t.pool.connect();
  try {
    await holder.query("BEGIN");
    await holder.query(`SELECT id FROM ${jobs.sql.jobs} WHERE id = $1::uuid FOR UPDATE`, [ids[0]]);
    // Without SKIP LOCKED the sweep would wait for the holder: the lock
    // timeout turns that wait into a failure instead of a hung test.
    const impatient = new pg.Pool({ connectionString: t.url, max: 2, options: "-c lock_timeout=3000" });
    const started = Date.now();
    const result = await jobs.expireDueJobs({ batchSize: 2, db: fromPg(impatient) }).finally(() => impatient.end());
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(result.expired).toBe(4);
    const rows = await t.db.query<{ id: string; status: string }>(
      `SELECT id::text, status::text FROM ${jobs.sql.jobs} WHERE id = ANY($1::uuid[])`,
      [ids],
    );
    expect(rows.find((r) => r.id === ids[0])?.status).toBe("pending");
  } finally {
    await holder.query("ROLLBACK");
    holder.release();
  }
  await expect(jobs.expireDueJobs()).resolves.toMatchObject({ expired: 1 });
});
