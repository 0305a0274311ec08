import "server-only";
import { z } from "zod";
import { AREA_ROLES } from "@/lib/auth/roles";
import type { ErrorCode } from "@/lib/errors";
import { cancelStaffJobSchema, completeJobSchema, completeStaffJobSchema } from "@/lib/validation/jobs";
import { command, type RunOptions } from "../command";
import type { Actor } from "../session";
import { assignStaffJob, requireStaffAssignee, staffAssigneeIdSchema } from "./assign-staff-job";
import { cancelStaffJob } from "./cancel-staff-job";
import { claimStaffJob } from "./claim-staff-job";
import { completeStaffJob } from "./complete-staff-job";
import { unassignStaffJob } from "./unassign-staff-job";

/** One page of a queue; a bigger selection would hold the request open too long. */
export const BULK_MAX_JOBS = 100;

const jobIds = z
  .array(completeJobSchema.shape.jobId, { error: "Select at least one job." })
  .min(1, "Select at least one job.")
  .max(BULK_MAX_JOBS, `Select at most ${BULK_MAX_JOBS} jobs at a time.`)
  // The same job ticked twice (two tabs, a double submit) is done once.
  .transform((ids) => [...new Set(ids)]);

export const bulkStaffJobActionSchema = z.discriminatedUnion(
  "action",
  [
    z.object({ action: z.literal("claim"), jobIds }),
    z.object({ action: z.literal("unassign"), jobIds }),
    z.object({ action: z.literal("assign"), jobIds, assigneeId: staffAssigneeIdSchema }),
    z.object({ action: z.literal("resolve"), jobIds, note: completeStaffJobSchema.shape.note }),
    z.object({ action: z.literal("dismiss"), jobIds, reason: cancelStaffJobSchema.shape.reason }),
  ],
  { error: "Choose what to do with the selected jobs." },
);
export type BulkStaffJobActionInput = z.infer<typeof bulkStaffJobActionSchema>;
export type BulkAction = BulkStaffJobActionInput["action"];

export interface BulkFailure {
  jobId: string;
  code: ErrorCode;
  /** Written for the person, as the single action would have said it. */
  message: string;
}

export interface BulkStaffJobActionResult {
  action: BulkAction;
  /** Jobs the action was applied to (including ones already in that state). */
  succeeded: string[];
  failed: BulkFailure[];
}

/**
 * Applies one of the staff actions to each selected job, one job at a time,
 * through the same command a single click runs, so a job gets exactly the
 * checks and messages it would get alone. Each job stands alone: one that
 * fails (claimed by someone else, already resolved) is reported with its
 * reason and the others go on. Input that is wrong for every job (no reason
 * for a dismissal, an assignee who is not staff) is refused before any job is touched.
 */
export const bulkStaffJobAction = command(
  { name: "bulkStaffJobAction", input: bulkStaffJobActionSchema, roles: AREA_ROLES.staff },
  async ({ actor, input, db }): Promise<BulkStaffJobActionResult> => {
    if (input.action === "assign") await requireStaffAssignee(db, input.assigneeId);
    const runOne = single(actor, input, { db });
    const result: BulkStaffJobActionResult = { action: input.action, succeeded: [], failed: [] };
    // Sequential on purpose: a page of jobs is small, and this keeps one
    // person's bulk action from taking every database connection at once.
    for (const jobId of input.jobIds) {
      const outcome = await runOne(jobId);
      if (outcome.ok) result.succeeded.push(jobId);
      else result.failed.push({ jobId, code: outcome.error.code, message: outcome.error.message });
    }
    return result;
  },
);

/** The single-job command this bulk action repeats, with its input filled in. */
function single(actor: Actor, input: BulkStaffJobActionInput, options: RunOptions) {
  switch (input.action) {
    case "claim":
      return (jobId: string) => claimStaffJob.run(actor, { jobId }, options);
    case "unassign":
      return (jobId: string) => unassignStaffJob.run(actor, { jobId }, options);
    case "assign":
      return (jobId: string) => assignStaffJob.run(actor, { jobId, assigneeId: input.assigneeId }, options);
    case "resolve":
      return (jobId: string) => completeStaffJob.run(actor, { jobId, note: input.note }, options);
    case "dismiss":
      return (jobId: string) => cancelStaffJob.run(actor, { jobId, reason: input.reason }, options);
  }
}
