import "server-only";
import { z } from "zod";
import { AREA_ROLES, hasRole } from "@/lib/auth/roles";
import type { Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { jobAssigned } from "@/lib/jobs";
import { completeJobSchema } from "@/lib/validation/jobs";
import { command } from "../command";
import { getStaffJobOrThrow } from "../get-staff-job-or-throw";

export const staffAssigneeIdSchema = z.uuid({ error: "Choose a staff member from the list." });

export const assignStaffJobSchema = z.object({ jobId: completeJobSchema.shape.jobId, assigneeId: staffAssigneeIdSchema });
export type AssignStaffJobInput = z.infer<typeof assignStaffJobSchema>;

/** Throws `invalid_input` (on `assigneeId`) unless the person exists and is staff or admin. */
export async function requireStaffAssignee(db: Db, assigneeId: string): Promise<void> {
  const assignee = await db.user.findUnique({ where: { id: assigneeId }, select: { role: true } });
  if (!assignee || !hasRole(assignee.role, AREA_ROLES.staff)) {
    throw new AppError("invalid_input", "Staff jobs can only be assigned to staff members.", {
      fieldErrors: { assigneeId: ["Choose a staff member."] },
    });
  }
}

/** Hands a staff job to a staff member (or admin), whoever had it before. */
export const assignStaffJob = command(
  { name: "assignStaffJob", input: assignStaffJobSchema, roles: AREA_ROLES.staff },
  async ({ actor, input, db }) => {
    const { job } = await getStaffJobOrThrow(db, input.jobId, "assigned");
    await requireStaffAssignee(db, input.assigneeId);
    const result = await jobAssigned(db, { jobId: job.id, assignee: input.assigneeId, by: actor.id, source: "staff" });
    return { jobId: job.id, assigneeId: result.job.assignedToId, changed: result.changed };
  },
);
