import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { readFile, readdir } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { fromPg, migrate as migrateJobsEngine } from "@jtbd/engine";
import { migrate, readMigrations } from "@/lib/db/migrate";
import { JOBS_SCHEMA } from "@/lib/jobs/jobs-schema";
import { createTestDatabase, type TestDatabase } from "@/test/database";
import { datamodel, diffSql } from "./schema-diff";

const run = promisify(execFile);

// The database built by replaying every migration must be exactly the database
// Prisma would build from schema.prisma today. A schema change without its
// migration (or a hand-edited migration) fails here. The jobs tables are
// @jtbd/engine's (schema "jtbd", created by its own migrate() before the
// app's migrations, and external to Prisma): both databases get them from the
// engine, and the comparison is of the app's own schema, public.

let fromMigrations: TestDatabase;
let fromSchema: TestDatabase;

beforeAll(async () => {
  [fromMigrations, fromSchema] = await Promise.all([createTestDatabase(), createTestDatabase({ empty: true })]);
  const client = new pg.Client({ connectionString: fromSchema.url });
  await client.connect();
  try {
    const schema = await readFile(path.join(process.cwd(), "prisma", "schema.prisma"), "utf8");
    // The app's foreign key to jtbd.jobs needs the engine's tables first, as lib/db/migrate does.
    await migrateJobsEngine(fromPg(client), { schema: JOBS_SCHEMA, logger: { debug() {}, info() {}, warn() {}, error: console.error } });
    await client.query(await diffSql({ tag: "empty" }, datamodel(schema)));
  } finally {
    await client.end();
  }
});
afterAll(async () => {
  await Promise.all([fromMigrations?.close(), fromSchema?.close()]);
});

async function dumpSchema(url: string, schema = "public"): Promise<string> {
  const { stdout } = await run("pg_dump", [
    "--schema-only",
    "--no-owner",
    "--no-privileges",
    `--schema=${schema}`,
    "--exclude-table=_prisma_migrations",
    "--dbname",
    url,
  ]);
  // Drop pg_dump's comments and settings lines, which vary between runs.
  const lines = stdout
    .split("\n")
    .filter(
      (line) =>
        line.trim() &&
        !line.startsWith("--") &&
        !line.startsWith("SET ") &&
        !line.startsWith("SELECT pg_catalog") &&
        !line.startsWith("\\"),
    );
  // A column added by a later migration comes last in the table, where a fresh
  // build puts it in schema order; Prisma treats both as the same schema, so
  // columns are compared as a set.
  return lines.join("\n").replace(
    /(CREATE TABLE [^\n]+ \(\n)([\s\S]*?)(\n\);)/g,
    (_m, head: string, body: string, tail: string) =>
      head +
      body
        .split("\n")
        .map((l) => l.replace(/,$/, ""))
        .sort()
        .join("\n") +
      tail,
  );
}

describe("migrations", () => {
  test("replaying prisma/migrations gives the schema in schema.prisma", async () => {
    const [migrated, expected, jobs] = await Promise.all([
      dumpSchema(fromMigrations.url),
      dumpSchema(fromSchema.url),
      dumpSchema(fromMigrations.url, JOBS_SCHEMA),
    ]);
    expect(migrated).not.toContain("CREATE TABLE public.jobs");
    expect(migrated).toContain("FOREIGN KEY (job_id) REFERENCES jtbd.jobs(id) ON UPDATE CASCADE ON DELETE CASCADE");
    expect(jobs).toContain("CREATE TABLE jtbd.jobs");
    expect(jobs).toContain(
      "CREATE UNIQUE INDEX jobs_one_pending_per_target ON jtbd.jobs USING btree (job_type, target_type, target_id) WHERE (status = 'pending'::jtbd.job_status)",
    );
    // The funnel's index is the app's own, made by its migration on the engine's table.
    expect(jobs).toContain(
      "CREATE INDEX jobs_user_jobs_funnel_idx ON jtbd.jobs USING btree (job_type, status, created_at, expires_at, completed_at) WHERE ((target_type)::text = 'user'::text)",
    );
    // So is the API's newest-first list's (GET /api/v1/jobs without a type).
    expect(jobs).toContain("CREATE INDEX jobs_newest_first_idx ON jtbd.jobs USING btree (created_at DESC, id DESC)");
    // And the staff queue's sort by occurrences (most first, then oldest), for the pending list.
    expect(jobs).toContain(
      "CREATE INDEX jobs_pending_occurrences_idx ON jtbd.jobs USING btree (job_type, ((- occurrences)), created_at, id) WHERE (status = 'pending'::jtbd.job_status)",
    );
    expect(migrated).toBe(expected);
  });

  test("history is recorded as prisma migrate deploy records it, and a second run applies nothing", async () => {
    // Prisma's rule, applied here without the applier's own reading of the
    // files: the checksum is the sha256 (hex) of migration.sql's bytes as they
    // are on disk, whatever their encoding or line endings.
    const dir = path.join(import.meta.dirname, "../../prisma/migrations");
    const names = (await readdir(dir, { withFileTypes: true }))
      .filter((e) => e.isDirectory())
      .map((e) => e.name)
      .sort();
    const expected = await Promise.all(
      names.map(async (name) => ({
        migration_name: name,
        checksum: createHash("sha256")
          .update(await readFile(path.join(dir, name, "migration.sql")))
          .digest("hex"),
        applied_steps_count: 1,
        finished_at: expect.any(Date),
      })),
    );
    expect(names.length).toBeGreaterThan(1);
    const rows = await fromMigrations.prisma.$queryRaw<
      { migration_name: string; checksum: string; applied_steps_count: number; finished_at: Date | null }[]
    >`
      SELECT migration_name, checksum, applied_steps_count, finished_at FROM "_prisma_migrations" ORDER BY migration_name`;
    expect(rows).toEqual(expected);
    expect(await migrate(fromMigrations.url)).toEqual({ applied: [], alreadyApplied: names });
  });

  test("a migration file edited after it was applied is refused, naming the migration", async () => {
    const first = (await readMigrations())[0]!;
    await fromMigrations.prisma.$executeRaw`UPDATE "_prisma_migrations" SET checksum = 'changed' WHERE migration_name = ${first.name}`;
    try {
      await expect(migrate(fromMigrations.url)).rejects.toThrow(`Migration ${first.name} was changed after it was applied`);
    } finally {
      await fromMigrations.prisma
        .$executeRaw`UPDATE "_prisma_migrations" SET checksum = ${first.checksum} WHERE migration_name = ${first.name}`;
    }
  });
});
