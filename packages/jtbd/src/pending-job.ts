import type { EngineContext } from "./engine-context.js";
import type { JobSql } from "./job-sql.js";
import { JobsError } from "./jobs-error.js";
import type { JobTypeDefinition } from "./registry.js";
import type { Target } from "./types.js";

// What requesting a job and reporting an exception share: both open the one
// pending job of a type for a target, or find it when it is there already.

/** Attempts before giving up on a target whose pending job keeps finishing or expiring under us. */
export const PENDING_JOB_ATTEMPTS = 5;

/** The type `jobType` names (`unknown_job_type` when none), refusing a target of another type (`invalid_input`). */
export function typeForTarget(ctx: EngineContext, jobType: string, target: Target): JobTypeDefinition {
  const def = ctx.types.require(jobType);
  if (target.type !== def.targetType) {
    throw new JobsError("invalid_input", `A "${def.key}" job is about a ${def.targetType}, not a ${target.type}.`, {
      fieldErrors: { "target.type": [`Must be "${def.targetType}".`] },
    });
  }
  return def;
}

/** The pending job of a type for a target, if there is one: $1 the job type, $2 the target's type, $3 its id. */
export function findPendingJobSql(sql: JobSql): string {
  return `SELECT ${sql.columns()} FROM ${sql.jobs} WHERE job_type = $1 AND target_type = $2 AND target_id = $3 AND status = 'pending'`;
}
