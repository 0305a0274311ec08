import { randomUUID } from "node:crypto";
import { afterAll, beforeAll } from "vitest";
import { createJobs, type Database, type Jobs, type Logger } from "../../src/index.js";
import { testJobTypes } from "./job-types.js";
import { createTestDatabase, type TestDatabase } from "./test-database.js";

export type TestJobs = Jobs<typeof testJobTypes>;

/** A logger that keeps lines for asserts instead of printing them. */
export function memoryLogger(): Logger & { lines: { level: string; message: string; context?: Record<string, unknown> }[] } {
  const lines: { level: string; message: string; context?: Record<string, unknown> }[] = [];
  const at = (level: string) => (message: string, context?: Record<string, unknown>) => void lines.push({ level, message, context });
  return { lines, debug: at("debug"), info: at("info"), warn: at("warn"), error: at("error") };
}

/** A migrated engine over the test database. */
export async function migratedEngine(db: Database, options: { schema?: string; logger?: Logger } = {}): Promise<TestJobs> {
  const jobs = createJobs({ types: testJobTypes, db, logger: options.logger ?? memoryLogger(), schema: options.schema });
  await jobs.migrate();
  return jobs;
}

/**
 * A test file's own database with a migrated engine over it: created before
 * the file's tests, dropped after them. `ready` hands both over, for the
 * file's module-level variables:
 *
 *   let t: TestDatabase;
 *   let jobs: TestJobs;
 *   withTestEngine((ready) => ({ t, jobs } = ready));
 */
export function withTestEngine(ready: (engine: { t: TestDatabase; jobs: TestJobs }) => void, options: { logger?: Logger } = {}): void {
  let t: TestDatabase | undefined;
  beforeAll(async () => {
    t = await createTestDatabase();
    ready({ t, jobs: await migratedEngine(t.db, options) });
  });
  afterAll(async () => {
    await t?.close();
  });
}

export const plant = () => ({ type: "plant", id: `plant-${randomUUID()}` });
export const photo = () => ({ type: "photo", id: `photo-${randomUUID()}` });

/** Moves a job's expiry into the past without the sweep, as time passing would. */
export async function expireInThePast(db: Database, jobs: TestJobs, jobId: string): Promise<void> {
  await db.execute(`UPDATE ${jobs.sql.jobs} SET expires_at = now() - interval '1 minute' WHERE id = $1::uuid`, [jobId]);
}

export async function eventsOf(
  db: Database,
  jobs: TestJobs,
  jobId: string,
): Promise<{ kind: string; actor_id: string | null; source: string; data: unknown }[]> {
  return db.query(`SELECT kind::text, actor_id, source::text, data FROM ${jobs.sql.events} WHERE job_id = $1::uuid ORDER BY id`, [jobId]);
}

export async function countJobs(db: Database, jobs: TestJobs, target: { type: string; id: string }): Promise<number> {
  const [row] = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${jobs.sql.jobs} WHERE target_type = $1 AND target_id = $2`, [
    target.type,
    target.id,
  ]);
  return row?.n ?? 0;
}
