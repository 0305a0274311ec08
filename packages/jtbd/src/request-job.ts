import type { Database } from "./database.js";
import type { EngineContext } from "./engine-context.js";
import { expireJob } from "./expire-jobs.js";
import { JobsError } from "./jobs-error.js";
import { findPendingJobSql, PENDING_JOB_ATTEMPTS, typeForTarget } from "./pending-job.js";
import { withEmissions } from "./signals.js";
import type { Job, JobPriority, JobSource, JsonObject, Target } from "./types.js";
import { uuidV7 } from "./uuid-v7.js";
import { InputCheck } from "./validate.js";

export interface JobRequestedInput<K extends string = string> {
  jobType: K;
  target: Target;
  metadata?: JsonObject;
  /** Answer with the job already pending for this target and type instead of refusing a second one. */
  idempotent?: boolean;
  /** The host's id of the person it is for (opaque to the engine). */
  assignedTo?: string | null;
  /** Defaults to the type's `expiresAfterHours` from now; null: never. */
  expiresAt?: Date | null;
  /** Defaults to the type's `dueAfterHours` from now; null: no due date. */
  dueAt?: Date | null;
  priority?: JobPriority;
  /** Names the code that asked, recorded on the "requested" event (like Django's sender). */
  sender?: string;
  /** The host's id of the person who asked, if a person did. */
  by?: string | null;
  source?: JobSource;
}

export interface JobRequestedResult<K extends string = string> {
  job: Job<K>;
  /** False when an idempotent request answered with the job that was already pending. */
  created: boolean;
}

/**
 * Requests a job: creates it pending and returns it. At most one job per target
 * and type is pending at a time (a partial unique index); a second request is
 * refused with `duplicate_pending_job`, or with `idempotent` answered with the
 * job already pending. The database decides (INSERT … ON CONFLICT), so
 * concurrent identical requests leave exactly one job and one event. A pending
 * job whose expiry has passed is expired first and does not block a new one.
 *
 * Throws `invalid_input` or `unknown_job_type` for bad input, writing nothing.
 */
export async function jobRequested(ctx: EngineContext, db: Database, raw: JobRequestedInput): Promise<JobRequestedResult> {
  const check = new InputCheck("job request");
  const target = check.target(raw.target);
  const jobType = check.jobType(raw.jobType);
  const metadata = check.metadata("metadata", raw.metadata);
  const idempotent = check.boolean("idempotent", raw.idempotent);
  const assignedTo = check.hostId("assignedTo", raw.assignedTo);
  const expiresAt = check.date("expiresAt", raw.expiresAt);
  const dueAt = check.date("dueAt", raw.dueAt);
  const priority = check.priority(raw.priority);
  const sender = check.text("sender", raw.sender, 200);
  const by = check.hostId("by", raw.by);
  const source = check.source(raw.source, "system");
  if (expiresAt && expiresAt.getTime() <= Date.now()) check.problem("expiresAt", "Must be in the future.");
  check.done();
  const def = typeForTarget(ctx, jobType, target);
  await ctx.ready(db);

  // An omitted expiry or due date takes the type's default, on the database clock.
  const expiresAfterHours = expiresAt === undefined ? (def.expiresAfterHours ?? null) : null;
  const dueAfterHours = dueAt === undefined ? (def.dueAfterHours ?? null) : null;
  const eventData: JsonObject = sender ? { sender } : {};
  const { sql } = ctx;
  const insert = `WITH inserted AS (
      INSERT INTO ${sql.jobs} (id, job_type, target_type, target_id, assigned_to_id, priority, due_at, expires_at, metadata, created_at, updated_at)
      VALUES ($1::uuid, $2, $3, $4, $5, $6::${sql.enumType("job_priority")},
              COALESCE($7::timestamptz, now() + $8::float8 * interval '1 hour'),
              COALESCE($9::timestamptz, now() + $10::float8 * interval '1 hour'),
              $11::jsonb, now(), now())
      ON CONFLICT (job_type, target_type, target_id) WHERE status = 'pending' DO NOTHING
      RETURNING *
    ), event AS (
      INSERT INTO ${sql.events} (job_id, kind, actor_id, source, data)
      SELECT id, 'requested', $12, $13::${sql.enumType("job_source")}, $14::jsonb FROM inserted
    )
    SELECT ${sql.columns()} FROM inserted`;
  const findPending = findPendingJobSql(sql);

  return withEmissions(ctx.signals, db, ["requested", "expired"], async (q, emissions) => {
    for (let attempt = 1; attempt <= PENDING_JOB_ATTEMPTS; attempt++) {
      const [inserted] = await q.query<Job>(insert, [
        uuidV7(),
        def.key,
        target.type,
        target.id,
        assignedTo,
        priority,
        dueAt ?? null,
        dueAfterHours,
        expiresAt ?? null,
        expiresAfterHours,
        JSON.stringify(metadata),
        by,
        source,
        JSON.stringify(eventData),
      ]);
      if (inserted) {
        emissions.push({ signal: "requested", job: inserted, actor: { id: by, source }, data: eventData });
        return { job: inserted, created: true };
      }

      const [existing] = await q.query<Job>(findPending, [def.key, target.type, target.id]);
      if (!existing) continue; // finished between our insert and read: try again
      if (existing.expiresAt && existing.expiresAt.getTime() <= Date.now()) {
        const expired = await expireJob(ctx, q, existing.id);
        if (expired) emissions.push(expired);
        continue;
      }
      if (!idempotent) {
        throw new JobsError("duplicate_pending_job", `There is already a pending "${def.title}" job for this ${def.targetType}.`, {
          internal: `duplicate pending ${def.key} for ${target.type}:${target.id} (job ${existing.id})`,
        });
      }
      return { job: existing, created: false };
    }
    throw new JobsError("conflict", "This job is changing too quickly to request right now. Please try again.");
  });
}
