import { z } from "zod";
import { type Db, Prisma, queryRows } from "@/lib/db/client";
import { jobColumns } from "./job-sql";
import { type Emission, jobSignals, withEmissions } from "./signals";
import type { Job } from "./types";
import { parseInput } from "./validation";

const SYSTEM = { id: null, source: "system" } as const;

function expiredEmission(job: Job): Emission {
  return { signal: "expired", job, actor: SYSTEM, data: { expiresAt: job.expiresAt?.toISOString() ?? null } };
}

/** Expires one pending job whose expiry has passed; null if it is not (or no longer) such a job. */
export async function expireJob(db: Db, jobId: string): Promise<Emission | null> {
  const rows = await queryRows<Job>(db, Prisma.sql`
    WITH changed AS (
      UPDATE jobs SET status = 'expired', updated_at = now()
      WHERE id = ${jobId}::uuid AND status = 'pending' AND expires_at <= now()
      RETURNING *
    ), event AS (
      INSERT INTO job_events (job_id, kind, source, data)
      SELECT id, 'expired', 'system', jsonb_build_object('expiresAt', expires_at) FROM changed
    )
    SELECT ${jobColumns()} FROM changed`);
  return rows[0] ? expiredEmission(rows[0]) : null;
}

const sweepSchema = z.object({
  batchSize: z.number().int().min(1).max(10_000).default(500),
  maxBatches: z.number().int().min(1).optional(),
  /** Expire what is due at this time instead of the database's now(). */
  asOf: z.date().optional(),
});

export type ExpireDueJobsOptions = z.input<typeof sweepSchema>;

export interface ExpireDueJobsResult {
  expired: number;
  batches: number;
}

/**
 * The expiry sweep: marks pending jobs past `expiresAt` as expired, a batch at
 * a time, each batch one transaction that writes its events and fires the
 * `expired` receivers. Rows are claimed with FOR UPDATE SKIP LOCKED, so two
 * sweeps running at once share the work instead of blocking or doubling it.
 */
export async function expireDueJobs(db: Db, options: ExpireDueJobsOptions = {}): Promise<ExpireDueJobsResult> {
  const { batchSize, maxBatches, asOf } = parseInput(sweepSchema, options, "sweep options");
  const result: ExpireDueJobsResult = { expired: 0, batches: 0 };
  while (maxBatches === undefined || result.batches < maxBatches) {
    const count = await withEmissions(db, ["expired"], async (q, emissions) => {
      // Nobody listens: the jobs themselves are not needed, only how many.
      // Sending 500 rows back per batch to count them cost more client CPU
      // than the database spent expiring them (bench/README.md).
      if (!jobSignals.expired.hasReceivers) return expireBatch(q, batchSize, asOf, "count");
      const jobs = await expireBatch(q, batchSize, asOf, "rows");
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

async function expireBatch(db: Db, batchSize: number, asOf: Date | undefined, want: "rows"): Promise<Job[]>;
async function expireBatch(db: Db, batchSize: number, asOf: Date | undefined, want: "count"): Promise<number>;
async function expireBatch(db: Db, batchSize: number, asOf: Date | undefined, want: "rows" | "count"): Promise<Job[] | number> {
  const cutoff = asOf ? Prisma.sql`${asOf}::timestamptz` : Prisma.sql`now()`;
  const rows = await queryRows<Job & { n: number }>(db, Prisma.sql`
    WITH due AS (
      SELECT id FROM jobs
      WHERE status = 'pending' AND expires_at <= ${cutoff}
      ORDER BY expires_at
      LIMIT ${batchSize}
      FOR UPDATE SKIP LOCKED
    ), changed AS (
      UPDATE jobs j SET status = 'expired', updated_at = now()
      FROM due WHERE j.id = due.id
      RETURNING j.*
    ), event AS (
      INSERT INTO job_events (job_id, kind, source, data)
      SELECT id, 'expired', 'system', jsonb_build_object('expiresAt', expires_at) FROM changed
    )
    ${want === "count" ? Prisma.sql`SELECT count(*)::int AS n FROM changed` : Prisma.sql`SELECT ${jobColumns()} FROM changed`}`);
  return want === "count" ? (rows[0]?.n ?? 0) : rows;
}
