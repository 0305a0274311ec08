import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createJobs, fromPg, JobsError, LATEST_VERSION, migrate, schemaSql } from "../src/index.js";
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

const versions = (schema: string) => t.db.query<{ version: number }>(`SELECT version FROM "${schema}".migrations ORDER BY version`);

describe("migrate()", () => {
  test("creates the schema, its tables and the version table, and a second run finds nothing to do", async () => {
    const first = await migrate(t.db, { schema: "jtbd_once", logger: memoryLogger() });
    expect(first).toEqual({ applied: [1], version: LATEST_VERSION });
    const second = await migrate(t.db, { schema: "jtbd_once", logger: memoryLogger() });
    expect(second).toEqual({ applied: [], version: LATEST_VERSION });
    expect(await versions("jtbd_once")).toEqual([{ version: 1 }]);
    const tables = await t.db.query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'jtbd_once' ORDER BY table_name`,
    );
    expect(tables.map((r) => r.table_name)).toEqual(["job_events", "jobs", "migrations"]);
  });

  test("two processes migrating at once apply each step once (the advisory lock)", async () => {
    const other = fromPg(t.newPool(4));
    const results = await Promise.all([
      migrate(t.db, { schema: "jtbd_race", logger: memoryLogger() }),
      migrate(other, { schema: "jtbd_race", logger: memoryLogger() }),
      migrate(fromPg(t.newPool(2)), { schema: "jtbd_race", logger: memoryLogger() }),
    ]);
    expect(results.map((r) => r.applied).sort()).toEqual([[], [], [1]]);
    expect(await versions("jtbd_race")).toEqual([{ version: 1 }]);
  });

  test("a schema newer than the engine is refused, by migrate() and by the engine, and left as it is", async () => {
    await migrate(t.db, { schema: "jtbd_newer", logger: memoryLogger() });
    await t.db.execute(`INSERT INTO "jtbd_newer".migrations (version, name) VALUES ($1::int, 'from the future')`, [LATEST_VERSION + 1]);

    const refused = migrate(t.db, { schema: "jtbd_newer", logger: memoryLogger() });
    await expect(refused).rejects.toThrow(JobsError);
    await expect(refused).rejects.toMatchObject({ code: "schema_too_new", message: expect.stringMatching(/version 2, newer than this @jtbd\/engine knows \(1\)/) });

    const jobs = createJobs({ types: testJobTypes, db: t.db, schema: "jtbd_newer", logger: memoryLogger() });
    await expect(jobs.jobRequested({ jobType: "garden.water-plant", target: plant() })).rejects.toMatchObject({ code: "schema_too_new" });
    const [row] = await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM "jtbd_newer".jobs`);
    expect(row?.n).toBe(0);
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

  test("the printed SQL builds the same schema, recorded as applied", async () => {
    // Simple protocol (no parameters): the script's statements run as one string, as psql would.
    await t.pool.query(schemaSql({ schema: "jtbd_printed" }));
    expect(await versions("jtbd_printed")).toEqual([{ version: 1 }]);
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
