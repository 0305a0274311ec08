import type { Database } from "./database.js";
import type { EngineContext } from "./engine-context.js";
import type { Emission } from "./signals.js";
import { withEmissions } from "./signals.js";
import type { Job } from "./types.js";
import { InputCheck } from "./validate.js";

const SYSTEM = { id: null, source: "system" } as const;

function expiredEmission(job: Job): Emission {
  return { signal: "expired", job, actor: SYSTEM, data: { expiresAt: job.expiresAt?.toISOString() ?? null } };
}

/** Expires one pending job whose expiry has passed; null if it is not (or no longer) such a job. */
export async function expireJob(ctx: EngineContext, db: Database, jobId: string): Promise<Emission | null> {
  const { sql } = ctx;
  const rows = await db.query<Job>(
    `WITH changed AS (
      UPDATE ${sql.jobs} SET status = 'expired', updated_at = now()
      WHERE id = $1::uuid AND status = 'pending' AND expires_at <= now()
      RETURNING *
    ), event AS (
      INSERT INTO ${sql.events} (job_id, kind, source, data)
      SELECT id, 'expired', 'system', jsonb_build_object('expiresAt', expires_at) FROM changed
    )
    SELECT ${sql.columns()} FROM changed`,
    [jobId],
  );
  return rows[0] ? expiredEmission(rows[0]) : null;
}

export interface ExpireDueJobsOptions {
  /** Jobs per batch (one transaction each when receivers listen); 500 by default. */
  batchSize?: number;
  /** Stop after this many batches (a time-boxed run); all that is due by default. */
  maxBatches?: number;
  /** Expire what is due at this time instead of the database's now(). */
  asOf?: Date;
  db?: Database;
}

export interface ExpireDueJobsResult {
  expired: number;
  batches: number;
}

/**
 * The expiry sweep: marks pending jobs past `expiresAt` as expired, a batch at
 * a time, each batch one statement that also writes the events (and, with
 * `expired` receivers, one transaction that runs them). Rows are claimed with
 * FOR UPDATE SKIP LOCKED, so two sweeps at once share the work instead of
 * blocking or doubling it. Schedule it every minute or so from any process.
 */
export async function expireDueJobs(ctx: EngineContext, db: Database, options: ExpireDueJobsOptions = {}): Promise<ExpireDueJobsResult> {
  const check = new InputCheck("sweep options");
  const batchSize = options.batchSize === undefined ? 500 : check.integer("batchSize", options.batchSize, 1, 10_000);
  const maxBatches =
    options.maxBatches === undefined ? undefined : check.integer("maxBatches", options.maxBatches, 1, Number.MAX_SAFE_INTEGER);
  const asOf = check.date("asOf", options.asOf) ?? null;
  check.done();
  await ctx.ready(db);

  const result: ExpireDueJobsResult = { expired: 0, batches: 0 };
  while (maxBatches === undefined || result.batches < maxBatches) {
    const count = await withEmissions(ctx.signals, db, ["expired"], async (q, emissions) => {
      // Nobody listens: only the count is needed. Sending every row back to
      // count it cost more client CPU than the database spent expiring them.
      if (!ctx.signals.expired.hasReceivers) return expireBatchCount(ctx, q, batchSize, asOf);
      const jobs = await expireBatchRows(ctx, q, batchSize, asOf);
      for (const job of jobs) emissions.push(expiredEmission(job));
      return jobs.length;
    });
    if (count === 0) break;
    result.expired += count;
    result.batches += 1;
    if (count < batchSize) break;
  }
  return result;
}

function batchStatement(ctx: EngineContext, select: string): string {
  const { sql } = ctx;
  return `WITH due AS (
      SELECT id FROM ${sql.jobs}
      WHERE status = 'pending' AND expires_at <= COALESCE($2::timestamptz, now())
      ORDER BY expires_at
      LIMIT $1::int
      FOR UPDATE SKIP LOCKED
    ), changed AS (
      UPDATE ${sql.jobs} j SET status = 'expired', updated_at = now()
      FROM due WHERE j.id = due.id
      RETURNING j.*
    ), event AS (
      INSERT INTO ${sql.events} (job_id, kind, source, data)
      SELECT id, 'expired', 'system', jsonb_build_object('expiresAt', expires_at) FROM changed
    )
    ${select}`;
}

async function expireBatchCount(ctx: EngineContext, db: Database, batchSize: number, asOf: Date | null): Promise<number> {
  const rows = await db.query<{ n: number }>(batchStatement(ctx, "SELECT count(*)::int AS n FROM changed"), [batchSize, asOf]);
  return Number(rows[0]?.n ?? 0);
}

function expireBatchRows(ctx: EngineContext, db: Database, batchSize: number, asOf: Date | null): Promise<Job[]> {
  return db.query<Job>(batchStatement(ctx, `SELECT ${ctx.sql.columns()} FROM changed`), [batchSize, asOf]);
}
