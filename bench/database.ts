import pg from "pg";
import { migrate } from "@/lib/db/migrate";

// The bench database: created when missing, migrated, and marked as the
// bench's own with a one-row table. The marker is the safety catch: the bench
// wipes and rebuilds data, so it refuses any database that has users but no
// marker (a real or demo database someone pointed it at by mistake).

export const MARKER_TABLE = "bench_dataset";

export interface DatasetShape {
  version: number;
  users: number;
  jobs: number;
  seed: number;
  days: number;
}

export interface Marker {
  shape: DatasetShape;
  builtAt: Date;
  /** Actual counts once built (the generator hits `jobs` closely, not exactly). */
  counts: { users: number; jobs: number; events: number; notifications?: number } | null;
  /** A run is (or was, if it crashed) between writing its own rows and deleting them. */
  dirty: boolean;
}

export class UnsafeDatabaseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UnsafeDatabaseError";
  }
}

/** A safe rendering of a URL for logs and reports: no password. */
export function redactUrl(url: string): string {
  const u = new URL(url);
  if (u.password) u.password = "***";
  return u.toString();
}

/** Creates the database named in `url` when the server does not have it yet. */
export async function ensureDatabase(url: string): Promise<{ created: boolean }> {
  const probe = new pg.Client({ connectionString: url });
  try {
    await probe.connect();
    await probe.end();
    return { created: false };
  } catch (error) {
    // 3D000 invalid_catalog_name: the server is there, the database is not.
    if ((error as { code?: string }).code !== "3D000") throw error;
  }
  const name = decodeURIComponent(new URL(url).pathname.slice(1));
  if (!/^[a-z_][a-z0-9_]*$/.test(name))
    throw new Error(`Refusing to create a database with the unusual name "${name}"; create it yourself.`);
  const admin = new URL(url);
  admin.pathname = "/postgres";
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
  return { created: true };
}

/**
 * Makes `url` a usable bench database and returns its marker (null when it has
 * no dataset yet). Throws `UnsafeDatabaseError`, touching nothing, for a
 * database with users and no marker.
 */
export async function prepareBenchDatabase(url: string): Promise<{ marker: Marker | null; created: boolean; migrationsApplied: string[] }> {
  const { created } = await ensureDatabase(url);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    // Check before migrating: even a migration is a change to someone else's database.
    const hasUsersTable = await tableExists(client, "users");
    const hasMarker = await tableExists(client, MARKER_TABLE);
    if (hasUsersTable && !hasMarker) {
      const { rows } = await client.query<{ any: boolean }>("SELECT EXISTS (SELECT 1 FROM users) AS any");
      if (rows[0]?.any) {
        throw new UnsafeDatabaseError(
          `${redactUrl(url)} has users but no ${MARKER_TABLE} table: it is not a bench database, and the bench would wipe it. ` +
            `Point BENCH_DATABASE_URL at a database of its own (or an empty one).`,
        );
      }
    }
    if (!hasUsersTable && !hasMarker) {
      // Not jtbd's schema at all, yet not empty: some other application's database.
      const { rows } = await client.query<{ n: number }>("SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'public'");
      if ((rows[0]?.n ?? 0) > 0) {
        throw new UnsafeDatabaseError(`${redactUrl(url)} has tables but not jtbd's: the bench will not migrate someone else's database.`);
      }
    }
    const { applied } = await migrate(url);
    await client.query(`CREATE TABLE IF NOT EXISTS ${MARKER_TABLE} (
      id int PRIMARY KEY DEFAULT 1 CHECK (id = 1),
      shape jsonb NOT NULL,
      built_at timestamptz NOT NULL DEFAULT now(),
      counts jsonb,
      dirty boolean NOT NULL DEFAULT false
    )`);
    return { marker: await readMarker(client), created, migrationsApplied: applied };
  } finally {
    await client.end();
  }
}

async function tableExists(client: pg.ClientBase, name: string): Promise<boolean> {
  const { rows } = await client.query<{ exists: boolean }>("SELECT to_regclass($1) IS NOT NULL AS exists", [`public.${name}`]);
  return rows[0]?.exists ?? false;
}

export async function readMarker(client: pg.ClientBase): Promise<Marker | null> {
  const { rows } = await client.query<{ shape: DatasetShape; built_at: Date; counts: Marker["counts"]; dirty: boolean }>(
    `SELECT shape, built_at, counts, dirty FROM ${MARKER_TABLE} WHERE id = 1`,
  );
  const row = rows[0];
  return row ? { shape: row.shape, builtAt: row.built_at, counts: row.counts, dirty: row.dirty } : null;
}

export async function writeMarker(client: pg.ClientBase, shape: DatasetShape, counts: Marker["counts"]): Promise<void> {
  await client.query(
    `INSERT INTO ${MARKER_TABLE} (id, shape, built_at, counts, dirty) VALUES (1, $1, now(), $2, false)
     ON CONFLICT (id) DO UPDATE SET shape = EXCLUDED.shape, built_at = EXCLUDED.built_at, counts = EXCLUDED.counts, dirty = false`,
    [JSON.stringify(shape), JSON.stringify(counts)],
  );
}

export async function setDirty(client: pg.ClientBase, dirty: boolean): Promise<void> {
  await client.query(`UPDATE ${MARKER_TABLE} SET dirty = $1 WHERE id = 1`, [dirty]);
}

export function sameShape(a: DatasetShape, b: DatasetShape): boolean {
  return a.version === b.version && a.users === b.users && a.jobs === b.jobs && a.seed === b.seed && a.days === b.days;
}

/** A sibling database on the same server: `jtbd_bench` → `jtbd_bench_small`. */
export function siblingUrl(url: string, suffix: string): string {
  const u = new URL(url);
  u.pathname = `${u.pathname}_${suffix}`;
  return u.toString();
}
