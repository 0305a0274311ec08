import type { Database } from "./database.js";
import type { EngineContext } from "./engine-context.js";
import { JobsError } from "./jobs-error.js";
import { withEmissions } from "./signals.js";
import { effectiveStatus, type Job, type JobSource } from "./types.js";
import { InputCheck } from "./validate.js";

/** A timestamp as JavaScript's toISOString() writes it (UTC, milliseconds, "Z"), whatever the session's time zone. */
const iso = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/** The furthest a job can be snoozed: "not now" is not "never". */
export const MAX_SNOOZE_DAYS = 366;

export interface JobSnoozedInput {
  jobId: string;
  /** When the job comes back to its lists; null wakes it now (un-snoozes). */
  until: Date | null;
  by?: string | null;
  source: JobSource;
}

export interface JobSnoozedResult<K extends string = string> {
  job: Job<K>;
  /** False when it was already snoozed until that moment (or, to wake it, was not snoozed). */
  changed: boolean;
}

/**
 * "Not now": a pending job leaves its lists until `until` and comes back by
 * itself (lists compare `snoozed_until` with now(); nothing sweeps). It stays
 * pending, so nothing that counts pending jobs (a funnel, an expiry) treats it
 * as dropped. `until: null` wakes it early. Each change writes a "snoozed"
 * event ({ until, from }) in the same statement, and snoozing counts as a
 * first action (`first_action_at`, for SLAs).
 *
 * Throws `invalid_input` for a moment not in the future, more than a year
 * away, or at or after the job's own expiry (it would expire unseen);
 * `job_*` when the job is not pending; `not_found` for an unknown id.
 */
export async function jobSnoozed(ctx: EngineContext, db: Database, raw: JobSnoozedInput): Promise<JobSnoozedResult> {
  const check = new InputCheck("snooze");
  const jobId = check.uuid("jobId", raw.jobId);
  if (raw.until === undefined) check.problem("until", "Say until when, or null to wake the job now.");
  const until = check.date("until", raw.until) ?? null;
  const by = check.hostId("by", raw.by);
  const source = check.source(raw.source);
  if (until && until.getTime() > Date.now() + MAX_SNOOZE_DAYS * 86_400_000) {
    check.problem("until", `Snooze for at most ${MAX_SNOOZE_DAYS} days.`);
  }
  check.done();
  await ctx.ready(db);

  const { sql } = ctx;
  return withEmissions(ctx.signals, db, ["snoozed"], async (q, emissions) => {
    // The future is judged on the database's clock, like the lists that hide the job.
    const [row] = await q.query<Job & { previousSnoozedUntil: Date | null }>(
      `WITH prev AS (
        SELECT id, snoozed_until FROM ${sql.jobs}
        WHERE id = $1::uuid AND ${sql.pendingNow()}
          AND CASE WHEN $2::timestamptz IS NULL THEN snoozed_until > now()
                   ELSE $2::timestamptz > now() AND (expires_at IS NULL OR $2::timestamptz < expires_at)
                        AND snoozed_until IS DISTINCT FROM $2::timestamptz END
        FOR UPDATE
      ), changed AS (
        UPDATE ${sql.jobs} j SET snoozed_until = $2::timestamptz, first_action_at = COALESCE(j.first_action_at, now()), updated_at = now()
        FROM prev WHERE j.id = prev.id
        RETURNING j.*, prev.snoozed_until AS previous_snoozed_until
      ), event AS (
        INSERT INTO ${sql.events} (job_id, kind, actor_id, source, data)
        SELECT id, 'snoozed', $3, $4::${sql.enumType("job_source")},
               jsonb_build_object('until', ${iso("snoozed_until")},
                                  'from', CASE WHEN previous_snoozed_until > now() THEN ${iso("previous_snoozed_until")} END)
        FROM changed
      )
      SELECT ${sql.columns()}, previous_snoozed_until AS "previousSnoozedUntil" FROM changed`,
      [jobId, until, by, source],
    );
    if (row) {
      const { previousSnoozedUntil, ...job } = row;
      const from = previousSnoozedUntil && previousSnoozedUntil.getTime() > Date.now() ? previousSnoozedUntil.toISOString() : null;
      emissions.push({ signal: "snoozed", job, actor: { id: by, source }, data: { until: until?.toISOString() ?? null, from } });
      return { job, changed: true };
    }

    // Nothing changed: say why, without writing anything.
    const [current] = await q.query<Job & { asleep: boolean; future: boolean }>(
      `SELECT ${sql.columns()}, COALESCE(snoozed_until > now(), false) AS asleep, COALESCE($2::timestamptz > now(), false) AS future
       FROM ${sql.jobs} WHERE id = $1::uuid`,
      [jobId, until],
    );
    if (!current) throw new JobsError("not_found", "That job does not exist.");
    const { asleep, future, ...job } = current;
    const status = effectiveStatus(job);
    if (status !== "pending") {
      const code = status === "expired" ? "job_expired" : status === "cancelled" ? "job_cancelled" : "job_completed";
      throw new JobsError(code, `This job is ${status}; only pending jobs can be snoozed.`);
    }
    if (until === null) {
      if (!asleep) return { job, changed: false };
    } else if (!future) {
      throw new JobsError("invalid_input", "Choose a moment in the future to snooze until.", {
        fieldErrors: { until: ["Must be in the future."] },
      });
    } else if (job.expiresAt && until.getTime() >= job.expiresAt.getTime()) {
      throw new JobsError("invalid_input", "This job expires before then, so it would expire unseen. Choose an earlier date.", {
        fieldErrors: { until: ["Must be before the job expires."] },
      });
    } else if (job.snoozedUntil?.getTime() === until.getTime()) {
      return { job, changed: false };
    }
    // Changed between our two statements (woken, snoozed or finished by someone else).
    throw new JobsError("conflict", "This job changed while we were saving. Reload and try again.");
  });
}
