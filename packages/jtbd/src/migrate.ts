import type { Database } from "./database.js";
import { JobsError } from "./jobs-error.js";
import { type Logger, consoleLogger, scopeLogger } from "./logger.js";
import { LATEST_VERSION, migrations } from "./migrations/index.js";
import { DEFAULT_SCHEMA, inSchema, quoteSchema } from "./schema-name.js";

// The package keeps its own version table in its own schema, apart from any
// host migration tool: `<schema>.migrations`, one row per applied step.

/** Any constant two processes agree on; the second key is the schema, so two schemas migrate independently. */
const LOCK_NAMESPACE = 0x6a746264; // "jtbd"

export interface MigrateOptions {
  schema?: string;
  logger?: Logger;
}

export interface MigrateResult {
  /** Versions this call applied, in order (empty when the schema was up to date). */
  applied: number[];
  version: number;
}

function versionTable(schema: string): string {
  return `CREATE TABLE IF NOT EXISTS ${quoteSchema(schema)}.migrations (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    breaking BOOLEAN NOT NULL DEFAULT false,
    applied_at TIMESTAMPTZ NOT NULL DEFAULT now()
)`;
}

interface RecordedStep {
  version: number;
  name: string;
  breaking: boolean;
}

/**
 * The steps a newer engine recorded above this one's LATEST_VERSION. Only a
 * breaking one locks this engine out: the rollout runs the migration first,
 * and the old processes still running must keep working after a compatible
 * step (an added column, an enum value they never write).
 */
async function newerSteps(db: Database, schema: string): Promise<RecordedStep[]> {
  const rows = await db.query<RecordedStep>(
    `SELECT version, name, breaking FROM ${quoteSchema(schema)}.migrations WHERE version > $1::int ORDER BY version`,
    [LATEST_VERSION],
  );
  return rows.map((r) => ({ version: Number(r.version), name: r.name, breaking: Boolean(r.breaking) }));
}

function refuseBreaking(schema: string, newer: readonly RecordedStep[]): void {
  const breaking = newer.find((step) => step.breaking);
  if (!breaking) return;
  throw new JobsError(
    "schema_too_new",
    `The "${schema}" schema is at version ${newer[newer.length - 1]!.version}: its step ${breaking.version} ("${breaking.name}") is breaking for engines before it; this @jtbd/engine knows up to ${LATEST_VERSION}. Upgrade @jtbd/engine; it will not run against a schema it cannot work on.`,
  );
}

/**
 * Brings the engine's schema up to date: creates it when missing and applies
 * the steps not yet recorded, all in one transaction under an advisory lock,
 * so processes starting together migrate once (the others wait, then find
 * nothing to do). Throws `schema_too_new` without changing anything when a
 * newer engine applied a step marked breaking; steps a newer engine applied
 * that are not breaking are left as they are and this engine carries on.
 */
export async function migrate(db: Database, options: MigrateOptions = {}): Promise<MigrateResult> {
  const schema = options.schema ?? DEFAULT_SCHEMA;
  const q = quoteSchema(schema);
  const logger = scopeLogger(options.logger ?? consoleLogger, "jtbd.migrate");
  return db.transaction(async (tx) => {
    // Taken before anything is read, so the second process sees the first one's work.
    await tx.query(`SELECT 1 AS locked FROM pg_advisory_xact_lock($1::int, hashtext($2)::int)`, [LOCK_NAMESPACE, schema]);
    await tx.execute(`CREATE SCHEMA IF NOT EXISTS ${q}`);
    await tx.execute(versionTable(schema));
    const rows = await tx.query<{ version: number }>(`SELECT version FROM ${q}.migrations ORDER BY version`);
    const done = new Set(rows.map((r) => Number(r.version)));
    const highest = Math.max(0, ...done);
    if (highest > LATEST_VERSION) refuseBreaking(schema, await newerSteps(tx, schema));

    const applied: number[] = [];
    for (const migration of migrations) {
      if (done.has(migration.version)) continue;
      logger.info("applying migration", { schema, version: migration.version, name: migration.name });
      for (const statement of migration.statements) await tx.execute(inSchema(statement, schema));
      await tx.execute(`INSERT INTO ${q}.migrations (version, name, breaking) VALUES ($1::int, $2, $3::boolean)`, [
        migration.version,
        migration.name,
        migration.breaking ?? false,
      ]);
      applied.push(migration.version);
    }
    return { applied, version: Math.max(highest, LATEST_VERSION) };
  });
}

/**
 * Checks that the schema is there, not behind this engine, and has no
 * breaking step newer than it: throws `schema_not_migrated` or
 * `schema_too_new` with what to do. Run once per
 * engine before its first statement.
 */
export async function assertSchemaUsable(db: Database, schema: string): Promise<number> {
  const q = quoteSchema(schema);
  const [table] = await db.query<{ present: boolean }>(`SELECT to_regclass($1) IS NOT NULL AS present`, [`${q}.migrations`]);
  const notMigrated = new JobsError(
    "schema_not_migrated",
    `The "${schema}" schema has not been migrated. Run migrate() from @jtbd/engine (or apply the SQL from jtbd-sql) first.`,
  );
  if (!table?.present) throw notMigrated;
  const [row] = await db.query<{ version: number | null }>(`SELECT max(version) AS version FROM ${q}.migrations`);
  const version = row?.version === null || row?.version === undefined ? 0 : Number(row.version);
  if (version > LATEST_VERSION) refuseBreaking(schema, await newerSteps(db, schema));
  if (version < LATEST_VERSION) {
    throw new JobsError(
      "schema_not_migrated",
      `The "${schema}" schema is at version ${version}; this @jtbd/engine needs ${LATEST_VERSION}. Run migrate() first.`,
    );
  }
  return version;
}

export interface SchemaSqlOptions {
  schema?: string;
  /** Print only the steps after this version (what an existing database still needs). */
  after?: number;
}

/**
 * The SQL `migrate()` would run, as one script, for hosts that keep every
 * migration in their own tool. It records each step in the version table, so
 * the engine and a later `migrate()` see it as applied.
 */
export function schemaSql(options: SchemaSqlOptions = {}): string {
  const schema = options.schema ?? DEFAULT_SCHEMA;
  const q = quoteSchema(schema);
  const after = options.after ?? 0;
  const lines = [
    `-- @jtbd/engine schema "${schema}", versions ${after + 1} to ${LATEST_VERSION}`,
    `CREATE SCHEMA IF NOT EXISTS ${q};`,
    `${versionTable(schema)};`,
  ];
  for (const migration of migrations) {
    if (migration.version <= after) continue;
    lines.push("", `-- ${String(migration.version).padStart(6, "0")} ${migration.name}`);
    for (const statement of migration.statements) lines.push(`${inSchema(statement, schema)};`);
    lines.push(
      `INSERT INTO ${q}.migrations (version, name, breaking) VALUES (${migration.version}, '${migration.name}', ${migration.breaking ? "true" : "false"});`,
    );
  }
  return `${lines.join("\n")}\n`;
}
