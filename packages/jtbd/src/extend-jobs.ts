import type { Database } from "./database.js";
import type { EngineContext } from "./engine-context.js";
import { JobsError } from "./jobs-error.js";
import { withEmissions } from "./signals.js";
import type { Job, JobSource } from "./types.js";
import { InputCheck } from "./validate.js";

export interface JobsExtendedInput {
  jobIds: string[];
  /** Days to add to each job's expiry (or to now, for a job without one). */
  days: number;
  by?: string | null;
  source: JobSource;
}

export interface JobsExtendedResult<K extends string = string> {
  /** The jobs that were still pending and now expire later. */
  jobs: Job<K>[];
  /** Ids that were not pending any more (finished, expired or unknown): left as they were. */
  skipped: string[];
}

/**
 * Gives pending jobs more time: moves their expiry `days` later in one
 * statement that also writes an "extended" event per job. Jobs whose expiry
 * has passed are not revived; they are reported as skipped (for a single job,
 * `not_allowed` is thrown instead).
 */
export async function jobsExtended(ctx: EngineContext, db: Database, raw: JobsExtendedInput): Promise<JobsExtendedResult> {
  const check = new InputCheck("extension");
  const ids: string[] = [];
  if (!Array.isArray(raw.jobIds) || raw.jobIds.length === 0) check.problem("jobIds", "Pick at least one job.");
  else if (raw.jobIds.length > 1000) check.problem("jobIds", "Extend at most 1000 jobs at a time.");
  else for (const id of raw.jobIds) ids.push(check.uuid("jobIds", id));
  const days = check.integer("days", raw.days, 1, 365);
  const by = check.hostId("by", raw.by);
  const source = check.source(raw.source);
  check.done();
  await ctx.ready(db);

  const unique = [...new Set(ids)];
  const { sql } = ctx;
  return withEmissions(ctx.signals, db, ["extended"], async (q, emissions) => {
    const rows = await q.query<Job & { previousExpiresAt: Date | null }>(
      `WITH target AS (
        SELECT id, expires_at FROM ${sql.jobs}
        WHERE id = ANY($1::uuid[]) AND ${sql.pendingNow()}
        FOR UPDATE
      ), changed AS (
        UPDATE ${sql.jobs} j SET expires_at = COALESCE(target.expires_at, now()) + $2::int * interval '1 day', updated_at = now()
        FROM target WHERE j.id = target.id
        RETURNING j.*, target.expires_at AS previous_expires_at
      ), event AS (
        INSERT INTO ${sql.events} (job_id, kind, actor_id, source, data)
        SELECT id, 'extended', $3, $4::${sql.enumType("job_source")},
               jsonb_build_object('from', previous_expires_at, 'to', expires_at, 'days', $2::int)
        FROM changed
      )
      SELECT ${sql.columns()}, previous_expires_at AS "previousExpiresAt" FROM changed`,
      [unique, days, by, source],
    );
    if (rows.length === 0 && raw.jobIds.length === 1) {
      throw new JobsError("not_allowed", "This job is no longer pending, so it cannot be extended.");
    }
    const jobs = rows.map(({ previousExpiresAt, ...job }) => {
      emissions.push({
        signal: "extended",
        job,
        actor: { id: by, source },
        data: { from: previousExpiresAt?.toISOString() ?? null, to: job.expiresAt?.toISOString() ?? null, days },
      });
      return job;
    });
    const extended = new Set(jobs.map((j) => j.id));
    return { jobs, skipped: unique.filter((id) => !extended.has(id)) };
  });
}
