import "server-only";
import { z } from "zod";
import { AREA_ROLES } from "@/lib/auth/roles";
import { jobAssigned } from "@/lib/jobs";
import { completeJobSchema } from "@/lib/validation/jobs";
import { command } from "../command";
import { getStaffJobOrThrow } from "../get-staff-job-or-throw";

export const unassignStaffJobSchema = z.object({ jobId: completeJobSchema.shape.jobId });
export type UnassignStaffJobInput = z.infer<typeof unassignStaffJobSchema>;

/** Puts a staff job back in the shared queue, whoever had it. Unassigning an unassigned job changes nothing. */
export const unassignStaffJob = command(
  { name: "unassignStaffJob", input: unassignStaffJobSchema, roles: AREA_ROLES.staff },
  async ({ actor, input, db }) => {
    const { job } = await getStaffJobOrThrow(db, input.jobId, "unassigned");
    const result = await jobAssigned(db, { jobId: job.id, assignee: null, by: actor.id, source: "staff" });
    return { jobId: job.id, assigneeId: result.job.assignedToId, changed: result.changed };
  },
);
