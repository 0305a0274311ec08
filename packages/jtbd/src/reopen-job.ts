import type { Database } from "./database.js";
import type { EngineContext } from "./engine-context.js";
import { expireJob } from "./expire-jobs.js";
import { JobsError } from "./jobs-error.js";
import { withEmissions } from "./signals.js";
import { effectiveStatus, type Job, type JobSource } from "./types.js";
import { InputCheck } from "./validate.js";

export interface JobReopenedInput {
  jobId: string;
  /** Why it is reopened (required): kept on the "reopened" event. */
  reason: string;
  by?: string | null;
  source: JobSource;
}

export interface JobReopenedResult<K extends string = string> {
  job: Job<K>;
  /** False when the job was pending already (reopened by someone else a moment ago). */
  changed: boolean;
}

/** The partial unique index behind "one pending job per target and type" (migration 1). */
const ONE_PENDING = "jobs_one_pending_per_target";

/**
 * Reopens a job completed or cancelled by mistake: back to pending, its
 * completion (when, by whom, how, the note) cleared, and a "reopened" event
 * with the reason and the status it had, in the same statement. Only within
 * the type's `reopenWithinHours` of its completion, judged on the database's
 * clock. An expiry that has passed meanwhile starts again from now (the type's
 * `expiresAfterHours`, or none), so the job does not expire the moment it is back.
 *
 * At most one job per target and type is pending, and reopening does not get
 * round it: with another job pending for the same target and type it throws
 * `duplicate_pending_job` (finish that one instead). Two reopens racing for the
 * same target meet at the partial unique index; the loser gets the same error.
 * Also throws `not_allowed` (a type that never reopens, the window has passed,
 * an expired job), `not_found`, `invalid_input` (no reason).
 */
export async function jobReopened(ctx: EngineContext, db: Database, raw: JobReopenedInput): Promise<JobReopenedResult> {
  const check = new InputCheck("reopening");
  const jobId = check.uuid("jobId", raw.jobId);
  const reason = check.text("reason", raw.reason, 2000);
  if (!reason) check.problem("reason", "Say why the job is reopened.");
  const by = check.hostId("by", raw.by);
  const source = check.source(raw.source);
  check.done();
  await ctx.ready(db);

  const { sql } = ctx;
  return withEmissions(ctx.signals, db, ["reopened", "expired"], async (q, emissions) => {
    const [found] = await q.query<Job>(`SELECT ${sql.columns()} FROM ${sql.jobs} WHERE id = $1::uuid`, [jobId]);
    if (!found) throw new JobsError("not_found", "That job does not exist.");
    const def = ctx.types.require(found.jobType);
    const window = def.reopenWithinHours;
    if (window === undefined) throw new JobsError("not_allowed", `"${def.title}" jobs cannot be reopened.`);

    for (let attempt = 1; attempt <= 2; attempt++) {
      const row = await reopenOnce(q, sql, [jobId, window, def.expiresAfterHours ?? null, reason, by, source]);
      if (row === LOST_RACE) throw duplicate(def.title, def.targetType);
      if (row) {
        const { previousStatus, ...job } = row;
        const data = { reason, from: previousStatus };
        emissions.push({ signal: "reopened", job, actor: { id: by, source }, data });
        return { job, changed: true };
      }

      // Nothing reopened: say why, without writing anything.
      const [current] = await q.query<Job & { inWindow: boolean }>(
        `SELECT ${sql.columns()}, COALESCE(completed_at > now() - $2::float8 * interval '1 hour', false) AS "inWindow"
         FROM ${sql.jobs} WHERE id = $1::uuid`,
        [jobId, window],
      );
      if (!current) throw new JobsError("not_found", "That job does not exist.");
      const { inWindow, ...job } = current;
      const status = effectiveStatus(job);
      if (status === "pending") return { job, changed: false };
      if (status === "expired")
        throw new JobsError("not_allowed", `This "${def.title}" job expired; only a resolved or dismissed job can be reopened.`);
      if (!inWindow) {
        throw new JobsError(
          "not_allowed",
          `Too late to reopen: "${def.title}" jobs can be reopened for ${hours(window)} after they were finished.`,
        );
      }
      const blocking = await pendingSibling(q, sql, job);
      if (blocking && attempt === 1 && blocking.expired) {
        // Past its expiry but not swept yet: expire it (as a new request would) and try again.
        const expired = await expireJob(ctx, q, blocking.id);
        if (expired) emissions.push(expired);
        continue;
      }
      if (blocking) throw duplicate(def.title, def.targetType);
      break;
    }
    throw new JobsError("conflict", `"${def.title}" changed while we were saving. Reload and try again.`);
  });
}

type Sql = EngineContext["sql"];

/** Another reopen or a request for the same target and type took the one pending place first. */
const LOST_RACE = Symbol("lost race");

/**
 * One conditional UPDATE with its event, under a savepoint (or in a transaction
 * of its own): a racing reopen or request for the same target makes the UPDATE
 * fail at the unique index, which must not abort the caller's transaction.
 */
async function reopenOnce(
  q: Database,
  sql: Sql,
  params: unknown[],
): Promise<(Job & { previousStatus: string }) | undefined | typeof LOST_RACE> {
  const statement = `WITH target AS (
      SELECT j.id, j.status AS previous_status FROM ${sql.jobs} j
      WHERE j.id = $1::uuid AND j.status IN ('completed', 'cancelled')
        AND j.completed_at > now() - $2::float8 * interval '1 hour'
        AND NOT EXISTS (
          SELECT 1 FROM ${sql.jobs} p
          WHERE p.job_type = j.job_type AND p.target_type = j.target_type AND p.target_id = j.target_id AND p.status = 'pending'
        )
      FOR UPDATE OF j
    ), changed AS (
      UPDATE ${sql.jobs} j SET
        status = 'pending',
        completed_at = NULL,
        completed_by_id = NULL,
        completion_source = NULL,
        resolution_note = NULL,
        snoozed_until = NULL,
        expires_at = CASE WHEN j.expires_at IS NOT NULL AND j.expires_at <= now() THEN now() + $3::float8 * interval '1 hour' ELSE j.expires_at END,
        updated_at = now()
      FROM target WHERE j.id = target.id
      RETURNING j.*, target.previous_status
    ), event AS (
      INSERT INTO ${sql.events} (job_id, kind, actor_id, source, data)
      SELECT id, 'reopened', $5, $6::${sql.enumType("job_source")}, jsonb_build_object('reason', $4::text, 'from', previous_status)
      FROM changed
    )
    SELECT ${sql.columns()}, previous_status::text AS "previousStatus" FROM changed`;
  const run = async (db: Database) => (await db.query<Job & { previousStatus: string }>(statement, params))[0];
  try {
    // Not known to be in a transaction: give the statement one of its own. On a
    // pool that is BEGIN … COMMIT; on a handle that only looks like a client (a
    // Prisma 7 interactive transaction has its own $transaction), the driver
    // nests it under a savepoint, so the caller's transaction survives either way.
    if (!q.inTransaction) return await q.transaction(run);
    await q.execute("SAVEPOINT jtbd_reopen");
    try {
      const row = await run(q);
      await q.execute("RELEASE SAVEPOINT jtbd_reopen");
      return row;
    } catch (error) {
      await q.execute("ROLLBACK TO SAVEPOINT jtbd_reopen");
      throw error;
    }
  } catch (error) {
    if (isOnePendingViolation(error)) return LOST_RACE;
    throw error;
  }
}

async function pendingSibling(q: Database, sql: Sql, job: Job): Promise<{ id: string; expired: boolean } | undefined> {
  const [row] = await q.query<{ id: string; expired: boolean }>(
    `SELECT id, COALESCE(expires_at <= now(), false) AS expired FROM ${sql.jobs}
     WHERE job_type = $1 AND target_type = $2 AND target_id = $3 AND status = 'pending' AND id <> $4::uuid`,
    [job.jobType, job.targetType, job.targetId, job.id],
  );
  return row;
}

function duplicate(title: string, targetType: string): JobsError {
  return new JobsError(
    "duplicate_pending_job",
    `There is already a pending "${title}" job for this ${targetType}: work on that one instead of reopening this.`,
  );
}

function hours(n: number): string {
  return n % 24 === 0 ? `${n / 24} day${n === 24 ? "" : "s"}` : `${n} hour${n === 1 ? "" : "s"}`;
}

/**
 * PostgreSQL's unique_violation on the one-pending index, however the driver
 * wraps it: `pg` puts the SQLSTATE on the error, Prisma on its `meta` or cause.
 */
function isOnePendingViolation(error: unknown): boolean {
  const seen = new Set<unknown>();
  const visit = (value: unknown, depth: number): boolean => {
    if (depth > 5 || value === null || typeof value !== "object" || seen.has(value)) return false;
    seen.add(value);
    const e = value as { code?: unknown; constraint?: unknown; message?: unknown; meta?: unknown; cause?: unknown };
    if (e.code === "23505" && (e.constraint === undefined || e.constraint === ONE_PENDING)) return true;
    if (typeof e.message === "string" && e.message.includes(ONE_PENDING)) return true;
    return visit(e.meta, depth + 1) || visit(e.cause, depth + 1);
  };
  return visit(error, 0);
}
