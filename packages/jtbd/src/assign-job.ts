import type { Database } from "./database.js";
import type { EngineContext } from "./engine-context.js";
import { JobsError } from "./jobs-error.js";
import { withEmissions } from "./signals.js";
import { effectiveStatus, type Job, type JobSource } from "./types.js";
import { InputCheck } from "./validate.js";

export interface JobAssignedInput {
  jobId: string;
  /** The host's id of the new assignee; null unassigns. */
  assignee: string | null;
  /**
   * Only change the assignment if it is currently this (null: unassigned).
   * A claim passes null, so two people claiming at once cannot both win.
   */
  expectedAssignee?: string | null;
  by?: string | null;
  source: JobSource;
}

export interface JobAssignedResult<K extends string = string> {
  job: Job<K>;
  changed: boolean;
}

/**
 * Assigns a pending job (a claim, a reassignment) or unassigns it, writing an
 * "assigned" event with the previous and new assignee in the same statement.
 * Assigning to whoever already has it changes nothing. Throws `conflict` when
 * `expectedAssignee` no longer holds, `job_*` when the job is not pending.
 */
export async function jobAssigned(ctx: EngineContext, db: Database, raw: JobAssignedInput): Promise<JobAssignedResult> {
  const check = new InputCheck("assignment");
  const jobId = check.uuid("jobId", raw.jobId);
  if (raw.assignee === undefined) check.problem("assignee", "Say who to assign, or null to unassign.");
  const assignee = check.hostId("assignee", raw.assignee);
  const expectation = "expectedAssignee" in raw && raw.expectedAssignee !== undefined;
  const expected = check.hostId("expectedAssignee", raw.expectedAssignee);
  const by = check.hostId("by", raw.by);
  const source = check.source(raw.source);
  check.done();
  await ctx.ready(db);

  const { sql } = ctx;
  return withEmissions(ctx.signals, db, ["assigned"], async (q, emissions) => {
    const [row] = await q.query<Job & { previousAssigneeId: string | null }>(
      `WITH prev AS (
        SELECT id, assigned_to_id FROM ${sql.jobs}
        WHERE id = $1::uuid AND ${sql.pendingNow()}
          AND assigned_to_id IS DISTINCT FROM $2::text
          AND (NOT $3::boolean OR assigned_to_id IS NOT DISTINCT FROM $4::text)
        FOR UPDATE
      ), changed AS (
        UPDATE ${sql.jobs} j SET assigned_to_id = $2::text, updated_at = now(),
          -- A claim or an assignment is the first action an SLA waits for (kept at the first one).
          first_action_at = COALESCE(j.first_action_at, now())
        FROM prev WHERE j.id = prev.id
        RETURNING j.*, prev.assigned_to_id AS previous_assignee_id
      ), event AS (
        INSERT INTO ${sql.events} (job_id, kind, actor_id, source, data)
        SELECT id, 'assigned', $5, $6::${sql.enumType("job_source")},
               jsonb_build_object('from', previous_assignee_id, 'to', assigned_to_id)
        FROM changed
      )
      SELECT ${sql.columns()}, previous_assignee_id AS "previousAssigneeId" FROM changed`,
      [jobId, assignee, expectation, expected, by, source],
    );
    if (row) {
      const { previousAssigneeId, ...job } = row;
      emissions.push({ signal: "assigned", job, actor: { id: by, source }, data: { from: previousAssigneeId, to: job.assignedToId } });
      return { job, changed: true };
    }

    const [current] = await q.query<Job>(`SELECT ${sql.columns()} FROM ${sql.jobs} WHERE id = $1::uuid`, [jobId]);
    if (!current) throw new JobsError("not_found", "That job does not exist.");
    const status = effectiveStatus(current);
    if (status !== "pending") {
      const code = status === "expired" ? "job_expired" : status === "cancelled" ? "job_cancelled" : "job_completed";
      throw new JobsError(code, `This job is ${status}; only pending jobs can be assigned.`);
    }
    if (current.assignedToId === assignee) return { job: current, changed: false };
    throw new JobsError(
      "conflict",
      current.assignedToId
        ? "Someone else has already claimed this job."
        : "This job was unassigned in the meantime. Reload and try again.",
    );
  });
}
