import { z } from "zod";
import { type Db, Prisma } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { jobColumns, pendingNow } from "./job-sql";
import { jobSignals, withEmissions } from "./signals";
import type { Job, JobSource } from "./types";
import { jobSourceSchema, parseInput, uuidSchema } from "./validation";

export interface JobsExtendedInput {
  jobIds: string[];
  /** Days to add to each job's expiry (or to now, for a job without one). */
  days: number;
  by?: string | null;
  source: JobSource;
}

export interface JobsExtendedResult {
  /** The jobs that were still pending and now expire later. */
  jobs: Job[];
  /** Ids that were not pending any more (finished, expired or unknown): left as they were. */
  skipped: string[];
}

const inputSchema = z.object({
  jobIds: z.array(uuidSchema).min(1, "Pick at least one job.").max(1000, "Extend at most 1000 jobs at a time."),
  days: z.number().int().min(1, "Extend by at least one day.").max(365, "Extend by at most a year."),
  by: uuidSchema.nullish(),
  source: jobSourceSchema,
});

/**
 * Gives pending jobs more time: moves their expiry `days` later, in one
 * statement that also writes an "extended" event per job. Jobs whose expiry has
 * already passed are not revived; they are reported as skipped.
 */
export async function jobsExtended(db: Db, rawInput: JobsExtendedInput): Promise<JobsExtendedResult> {
  const input = parseInput(inputSchema, rawInput, "extension");
  const ids = [...new Set(input.jobIds)];
  return withEmissions(db, ["extended"], async (q, emissions) => {
    const rows = await q.$queryRaw<(Job & { previousExpiresAt: Date | null })[]>`
      WITH target AS (
        SELECT id, expires_at FROM jobs
        WHERE id IN (${Prisma.join(ids.map((id) => Prisma.sql`${id}::uuid`))})
          AND ${pendingNow()}
        FOR UPDATE
      ), changed AS (
        UPDATE jobs j SET expires_at = COALESCE(target.expires_at, now()) + ${input.days} * interval '1 day', updated_at = now()
        FROM target WHERE j.id = target.id
        RETURNING j.*, target.expires_at AS previous_expires_at
      ), event AS (
        INSERT INTO job_events (job_id, kind, actor_id, source, data)
        SELECT id, 'extended', ${input.by ?? null}::uuid, ${input.source}::job_source,
               jsonb_build_object('from', previous_expires_at, 'to', expires_at, 'days', ${input.days}::int)
        FROM changed
      )
      SELECT ${jobColumns()}, previous_expires_at AS "previousExpiresAt" FROM changed`;
    if (rows.length === 0 && ids.length > 0 && input.jobIds.length === 1) {
      throw new AppError("not_allowed", "This job is no longer pending, so it cannot be extended.");
    }
    const jobs = rows.map(({ previousExpiresAt, ...job }) => {
      if (jobSignals.extended.hasReceivers) {
        emissions.push({
          signal: "extended",
          job,
          actor: { id: input.by ?? null, source: input.source },
          data: { from: previousExpiresAt?.toISOString() ?? null, to: job.expiresAt?.toISOString() ?? null, days: input.days },
        });
      }
      return job;
    });
    const extended = new Set(jobs.map((j) => j.id));
    return { jobs, skipped: ids.filter((id) => !extended.has(id)) };
  });
}
