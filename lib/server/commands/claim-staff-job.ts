import "server-only";
import { z } from "zod";
import { AREA_ROLES } from "@/lib/auth/roles";
import { jobAssigned } from "@/lib/jobs";
import { completeJobSchema } from "@/lib/validation/jobs";
import { command } from "../command";
import { getStaffJobOrThrow } from "../get-staff-job-or-throw";

export const claimStaffJobSchema = z.object({ jobId: completeJobSchema.shape.jobId });
export type ClaimStaffJobInput = z.infer<typeof claimStaffJobSchema>;

/**
 * A staff member takes an unassigned staff job. Race-free: the claim only
 * succeeds while the job is still unassigned (expectedAssignee: null), so of
 * two people claiming at once one wins and the other is told "Someone else
 * has already claimed this job." Claiming a job one already has changes nothing.
 */
export const claimStaffJob = command(
  { name: "claimStaffJob", input: claimStaffJobSchema, roles: AREA_ROLES.staff },
  async ({ actor, input, db }) => {
    const { job } = await getStaffJobOrThrow(db, input.jobId, "claimed");
    const result = await jobAssigned(db, { jobId: job.id, assignee: actor.id, expectedAssignee: null, by: actor.id, source: "staff" });
    return { jobId: job.id, assigneeId: result.job.assignedToId, changed: result.changed };
  },
);
