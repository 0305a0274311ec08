import { createHash, randomUUID } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { fromPg, migrate as migrateJobsEngine } from "@jtbd/engine";
import pg from "pg";
import { JOBS_SCHEMA } from "@/lib/jobs/jobs-schema";

// Applies prisma/migrations the way `prisma migrate deploy` does, without
// Prisma's native schema engine (not installable on every machine we run on).
// Each migration runs in its own transaction and is recorded in
// `_prisma_migrations` with Prisma's checksum (sha256 of migration.sql), so a
// later `prisma migrate deploy` on a machine that has the engine sees the same
// history and applies nothing twice.
//
// The jobs tables are not the app's: @jtbd/engine owns them (schema "jtbd")
// and migrates them itself, first, so the app's migrations can move rows into
// them and point foreign keys and indexes at them.

const quietLogger = { debug() {}, info() {}, warn: console.warn, error: console.error };

/** Prisma's own lock key, so this and `prisma migrate` never run at once. */
const PRISMA_ADVISORY_LOCK = 72707369;

const CREATE_MIGRATIONS_TABLE = `
CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;

export const DEFAULT_MIGRATIONS_DIR = path.join(process.cwd(), "prisma", "migrations");

export interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

export class MigrationError extends Error {
  constructor(
    message: string,
    readonly migration?: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = "MigrationError";
  }
}

export async function readMigrations(dir = DEFAULT_MIGRATIONS_DIR): Promise<Migration[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const names = entries
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
  return Promise.all(
    names.map(async (name) => {
      const sql = await readFile(path.join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    }),
  );
}

export interface MigrateOptions {
  /** Bring @jtbd/engine's schema up to date first (default). Off only to rebuild a database as it was before the engine (tests). */
  jobsEngine?: boolean;
}

export interface MigrateResult {
  applied: string[];
  alreadyApplied: string[];
}

/**
 * Brings the database at `connectionString` up to date. Refuses to run when a
 * recorded migration failed earlier or its file changed since it was applied:
 * both need a person to look, exactly as with `prisma migrate deploy`.
 */
export async function migrate(
  connectionString: string,
  dir = DEFAULT_MIGRATIONS_DIR,
  options: MigrateOptions = {},
): Promise<MigrateResult> {
  const migrations = await readMigrations(dir);
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    await client.query("SELECT pg_advisory_lock($1)", [PRISMA_ADVISORY_LOCK]);
    await client.query(CREATE_MIGRATIONS_TABLE);
    if (options.jobsEngine !== false) {
      // Under the engine's own advisory lock too: a process running the
      // engine's migrate() alone still migrates the schema once.
      await migrateJobsEngine(fromPg(client), { schema: JOBS_SCHEMA, logger: quietLogger });
    }
    const { rows } = await client.query<{
      migration_name: string;
      checksum: string;
      finished_at: Date | null;
      rolled_back_at: Date | null;
    }>(`SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations" WHERE rolled_back_at IS NULL`);
    const recorded = new Map(rows.map((r) => [r.migration_name, r]));
    const result: MigrateResult = { applied: [], alreadyApplied: [] };

    for (const m of migrations) {
      const row = recorded.get(m.name);
      if (row && !row.finished_at) {
        throw new MigrationError(
          `Migration ${m.name} failed earlier and was not rolled back; fix the database, then mark it rolled back.`,
          m.name,
        );
      }
      if (row) {
        if (row.checksum !== m.checksum) {
          throw new MigrationError(
            `Migration ${m.name} was changed after it was applied (checksum differs). Write a new migration instead.`,
            m.name,
          );
        }
        result.alreadyApplied.push(m.name);
        continue;
      }
      await client.query("BEGIN");
      try {
        const id = randomUUID();
        await client.query(`INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at) VALUES ($1, $2, $3, now())`, [
          id,
          m.checksum,
          m.name,
        ]);
        await client.query(m.sql);
        await client.query(`UPDATE "_prisma_migrations" SET finished_at = now(), applied_steps_count = 1 WHERE id = $1`, [id]);
        await client.query("COMMIT");
      } catch (error) {
        await client.query("ROLLBACK");
        throw new MigrationError(`Migration ${m.name} failed: ${(error as Error).message}`, m.name, { cause: error });
      }
      result.applied.push(m.name);
    }
    return result;
  } finally {
    // Session-level lock: ending the connection releases it even if unlock fails.
    await client.query("SELECT pg_advisory_unlock($1)", [PRISMA_ADVISORY_LOCK]).catch((error: unknown) => {
      console.warn("migrate: could not release the advisory lock; closing the connection releases it", error);
    });
    await client.end();
  }
}
