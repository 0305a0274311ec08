import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createJobs, fromPg, JobsError, LATEST_VERSION, migrate, schemaSql } from "../src/index.js";
import { migrations } from "../src/migrations/index.js";
import { inSchema } from "../src/schema-name.js";
import { testJobTypes } from "./helpers/job-types.js";
import { memoryLogger, plant } from "./helpers/engine.js";
import { createTestDatabase, type TestDatabase } from "./helpers/test-database.js";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.close();
});

// Every numbered step, 1…LATEST_VERSION: a new step must not need these tests edited.
const ALL_STEPS = Array.from({ length: LATEST_VERSION }, (_, i) => i + 1);
const versions = (schema: string) => t.db.query<{ version: number }>(`SELECT version FROM "${schema}".migrations ORDER BY version`);

describe("migrate()", () => {
  test("creates the schema, its tables and the version table, and a second run finds nothing to do", async () => {
    const first = await migrate(t.db, { schema: "jtbd_once", logger: memoryLogger() });
    expect(first).toEqual({ applied: ALL_STEPS, version: LATEST_VERSION });
    const second = await migrate(t.db, { schema: "jtbd_once", logger: memoryLogger() });
    expect(second).toEqual({ applied: [], version: LATEST_VERSION });
    expect(await versions("jtbd_once")).toEqual(ALL_STEPS.map((version) => ({ version })));
    const tables = await t.db.query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'jtbd_once' ORDER BY table_name`,
    );
    expect(tables.map((r) => r.table_name)).toEqual(["job_escalations", "job_events", "jobs", "migrations"]);
  });

  test("two processes migrating at once apply each step once (the advisory lock)", async () => {
    const other = fromPg(t.newPool(4));
    const results = await Promise.all([
      migrate(t.db, { schema: "jtbd_race", logger: memoryLogger() }),
      migrate(other, { schema: "jtbd_race", logger: memoryLogger() }),
      migrate(fromPg(t.newPool(2)), { schema: "jtbd_race", logger: memoryLogger() }),
    ]);
    expect(results.map((r) => r.applied).sort()).toEqual([[], [], ALL_STEPS]);
    expect(await versions("jtbd_race")).toEqual(ALL_STEPS.map((version) => ({ version })));
  });

  test("a schema with a breaking step newer than the engine is refused, by migrate() and by the engine, and left as it is", async () => {
    await migrate(t.db, { schema: "jtbd_newer", logger: memoryLogger() });
    await t.db.execute(`INSERT INTO "jtbd_newer".migrations (version, name) VALUES ($1::int, 'compatible')`, [LATEST_VERSION + 1]);
    await t.db.execute(`INSERT INTO "jtbd_newer".migrations (version, name, breaking) VALUES ($1::int, 'from the future', true)`, [
      LATEST_VERSION + 2,
    ]);

    const refused = migrate(t.db, { schema: "jtbd_newer", logger: memoryLogger() });
    await expect(refused).rejects.toThrow(JobsError);
    await expect(refused).rejects.toMatchObject({
      code: "schema_too_new",
      message: expect.stringContaining(
        `step ${LATEST_VERSION + 2} ("from the future") is breaking for engines before it; this @jtbd/engine knows up to ${LATEST_VERSION}`,
      ),
    });

    const jobs = createJobs({ types: testJobTypes, db: t.db, schema: "jtbd_newer", logger: memoryLogger() });
    await expect(jobs.jobRequested({ jobType: "garden.water-plant", target: plant() })).rejects.toMatchObject({ code: "schema_too_new" });
    const [row] = await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM "jtbd_newer".jobs`);
    expect(row?.n).toBe(0);
  });

  test("an older engine keeps working after a newer one applied non-breaking steps (the rollout: migrate first, old processes still run)", async () => {
    await migrate(t.db, { schema: "jtbd_compatible", logger: memoryLogger() });
    await t.db.execute(`INSERT INTO "jtbd_compatible".migrations (version, name, breaking) VALUES ($1::int, 'an added column', false)`, [
      LATEST_VERSION + 1,
    ]);

    expect(await migrate(t.db, { schema: "jtbd_compatible", logger: memoryLogger() })).toEqual({
      applied: [],
      version: LATEST_VERSION + 1,
    });
    const jobs = createJobs({ types: testJobTypes, db: t.db, schema: "jtbd_compatible", logger: memoryLogger() });
    await expect(jobs.jobRequested({ jobType: "garden.water-plant", target: plant() })).resolves.toMatchObject({ created: true });
  });

  test("an engine on a schema nobody migrated says to run migrate(), and works once it has", async () => {
    const jobs = createJobs({ types: testJobTypes, db: t.db, schema: "jtbd_later", logger: memoryLogger() });
    await expect(jobs.jobRequested({ jobType: "garden.water-plant", target: plant() })).rejects.toMatchObject({
      code: "schema_not_migrated",
      message: expect.stringContaining("Run migrate()"),
    });
    await jobs.migrate();
    await expect(jobs.jobRequested({ jobType: "garden.water-plant", target: plant() })).resolves.toMatchObject({ created: true });
  });

  test("step 2: a change made through a host's HTTP API is recorded with source 'api'", async () => {
    const jobs = createJobs({ types: testJobTypes, db: t.db, schema: "jtbd_api_source", logger: memoryLogger() });
    await jobs.migrate();
    const target = plant();
    await jobs.jobRequested({ jobType: "garden.water-plant", target, source: "api" });
    const done = await jobs.jobCompleted({ jobType: "garden.water-plant", target, source: "api", by: "api-key:billing" });
    expect(done.job).toMatchObject({ status: "completed", completionSource: "api", completedById: "api-key:billing" });
    const events = await t.db.query<{ kind: string; source: string }>(
      `SELECT kind, source::text FROM "jtbd_api_source".job_events ORDER BY id`,
    );
    expect(events).toEqual([
      { kind: "requested", source: "api" },
      { kind: "completed", source: "api" },
    ]);
  });

  test("step 3 on a schema at step 2 keeps every job and event, and old jobs read as never snoozed, reported once, not yet acted on", async () => {
    const schema = "jtbd_step2";
    await t.db.execute(`CREATE SCHEMA "${schema}"`);
    await t.db.execute(
      `CREATE TABLE "${schema}".migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, breaking BOOLEAN NOT NULL DEFAULT false, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())`,
    );
    for (const step of migrations.filter((m) => m.version <= 2)) {
      for (const statement of step.statements) await t.db.execute(inSchema(statement, schema));
      await t.db.execute(`INSERT INTO "${schema}".migrations (version, name) VALUES ($1::int, $2)`, [step.version, step.name]);
    }
    await t.db.execute(
      `INSERT INTO "${schema}".jobs (id, job_type, status, target_type, target_id, completed_at)
       SELECT gen_random_uuid(), 'garden.water-plant', CASE WHEN i % 2 = 0 THEN 'pending' ELSE 'completed' END::"${schema}".job_status,
              'plant', 'p' || i, CASE WHEN i % 2 = 0 THEN NULL ELSE now() END
       FROM generate_series(1, 50) AS i`,
    );
    await t.db.execute(`INSERT INTO "${schema}".job_events (job_id, kind, source) SELECT id, 'requested', 'system' FROM "${schema}".jobs`);
    const before = await t.db.query(`SELECT id, status::text, target_id FROM "${schema}".jobs ORDER BY id`);

    expect(await migrate(t.db, { schema, logger: memoryLogger() })).toEqual({
      applied: [3, ...ALL_STEPS.slice(3)],
      version: LATEST_VERSION,
    });

    expect(await t.db.query(`SELECT id, status::text, target_id FROM "${schema}".jobs ORDER BY id`)).toEqual(before);
    expect(await t.db.query(`SELECT count(*)::int AS n FROM "${schema}".job_events`)).toEqual([{ n: 50 }]);
    const added = await t.db.query(
      `SELECT count(*)::int AS n FROM "${schema}".jobs WHERE snoozed_until IS NULL AND occurrences = 1 AND last_occurred_at IS NULL AND first_action_at IS NULL`,
    );
    expect(added).toEqual([{ n: 50 }]);
    const jobs = createJobs({ types: testJobTypes, db: t.db, schema, logger: memoryLogger() });
    const done = await jobs.jobCompleted({ jobType: "garden.water-plant", target: { type: "plant", id: "p2" }, source: "system" });
    expect(done.job).toMatchObject({ status: "completed", occurrences: 1, snoozedUntil: null, firstActionAt: null });
  });

  test("the printed SQL builds the same schema, recorded as applied", async () => {
    // Simple protocol (no parameters): the script's statements run as one string, as psql would.
    await t.pool.query(schemaSql({ schema: "jtbd_printed" }));
    expect(await versions("jtbd_printed")).toEqual(ALL_STEPS.map((version) => ({ version })));
    expect(await migrate(t.db, { schema: "jtbd_printed", logger: memoryLogger() })).toEqual({ applied: [], version: LATEST_VERSION });

    const shape = (schema: string) =>
      t.db.query(
        `SELECT table_name, column_name, data_type, udt_name, is_nullable, column_default IS NOT NULL AS has_default
         FROM information_schema.columns WHERE table_schema = $1 ORDER BY table_name, column_name`,
        [schema],
      );
    // Index definitions name the schema (in enum casts too): compare them without it.
    const indexes = (schema: string) =>
      t.db.query<{ indexname: string; def: string }>(
        `SELECT indexname, replace(indexdef, $1 || '.', '') AS def FROM pg_indexes WHERE schemaname = $1 ORDER BY indexname`,
        [schema],
      );
    await migrate(t.db, { schema: "jtbd_applied", logger: memoryLogger() });
    expect(await shape("jtbd_printed")).toEqual(await shape("jtbd_applied"));
    expect(await indexes("jtbd_printed")).toEqual(await indexes("jtbd_applied"));
  });

  test("a schema name that would need more than quoting is refused before any SQL", async () => {
    expect(() => createJobs({ types: testJobTypes, db: t.db, schema: 'x"; DROP TABLE y; --' })).toThrow(/not a usable schema name/);
  });
});
