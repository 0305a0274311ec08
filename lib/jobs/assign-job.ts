import { z } from "zod";
import { type Db, Prisma, queryRows } from "@/lib/db/client";
import { isForeignKeyViolation } from "@/lib/db/errors";
import { AppError } from "@/lib/errors";
import { effectiveStatus, jobColumns, pendingNow } from "./job-sql";
import { withEmissions } from "./signals";
import type { Job, JobSource } from "./types";
import { jobSourceSchema, parseInput, uuidSchema } from "./validation";

export interface JobAssignedInput {
  jobId: string;
  /** The new assignee; null unassigns. */
  assignee: string | null;
  /**
   * Only change the assignment if it is currently this (null: unassigned).
   * A claim passes null, so two people claiming at once cannot both win.
   */
  expectedAssignee?: string | null;
  by?: string | null;
  source: JobSource;
}

export interface JobAssignedResult {
  job: Job;
  changed: boolean;
}

const inputSchema = z.object({
  jobId: uuidSchema,
  assignee: uuidSchema.nullable(),
  expectedAssignee: uuidSchema.nullish(),
  by: uuidSchema.nullish(),
  source: jobSourceSchema,
});

/**
 * Assigns a pending job to a person (or unassigns it), writing an "assigned"
 * event with the previous and new assignee. Assigning to whoever already has
 * it changes nothing.
 */
export async function jobAssigned(db: Db, rawInput: JobAssignedInput): Promise<JobAssignedResult> {
  const input = parseInput(inputSchema, rawInput, "assignment");
  const expectation = "expectedAssignee" in rawInput;

  return withEmissions(db, ["assigned"], async (q, emissions) => {
    let rows: (Job & { previousAssigneeId: string | null })[];
    try {
      rows = await queryRows(
        q,
        Prisma.sql`
        WITH prev AS (
          SELECT id, assigned_to_id FROM jobs
          WHERE id = ${input.jobId}::uuid AND ${pendingNow()}
            AND assigned_to_id IS DISTINCT FROM ${input.assignee}::uuid
            AND (${!expectation} OR assigned_to_id IS NOT DISTINCT FROM ${input.expectedAssignee ?? null}::uuid)
          FOR UPDATE
        ), changed AS (
          UPDATE jobs j SET assigned_to_id = ${input.assignee}::uuid, updated_at = now()
          FROM prev WHERE j.id = prev.id
          RETURNING j.*, prev.assigned_to_id AS previous_assignee_id
        ), event AS (
          INSERT INTO job_events (job_id, kind, actor_id, source, data)
          SELECT id, 'assigned', ${input.by ?? null}::uuid, ${input.source}::job_source,
                 jsonb_build_object('from', previous_assignee_id, 'to', assigned_to_id)
          FROM changed
        )
        SELECT ${jobColumns()}, previous_assignee_id AS "previousAssigneeId" FROM changed`,
      );
    } catch (error) {
      if (isForeignKeyViolation(error, "jobs_assigned_to_id_fkey")) {
        throw new AppError("invalid_input", "The person to assign this job to does not exist.", { cause: error });
      }
      throw error;
    }
    const row = rows[0];
    if (row) {
      const { previousAssigneeId, ...job } = row;
      emissions.push({
        signal: "assigned",
        job,
        actor: { id: input.by ?? null, source: input.source },
        data: { from: previousAssigneeId, to: job.assignedToId },
      });
      return { job, changed: true };
    }

    const [current] = await queryRows<Job>(q, Prisma.sql`SELECT ${jobColumns()} FROM jobs WHERE id = ${input.jobId}::uuid`);
    if (!current) throw new AppError("not_found", "That job does not exist.");
    const status = effectiveStatus(current);
    if (status !== "pending") {
      throw new AppError(status === "expired" ? "job_expired" : status === "cancelled" ? "job_cancelled" : "job_completed", `This job is ${status}; only pending jobs can be assigned.`);
    }
    if (current.assignedToId === input.assignee) return { job: current, changed: false };
    throw new AppError("conflict", current.assignedToId ? "Someone else has already claimed this job." : "This job was unassigned in the meantime. Reload and try again.");
  });
}
