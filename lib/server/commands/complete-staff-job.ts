import "server-only";
import { AREA_ROLES } from "@/lib/auth/roles";
import { jobCompleted } from "@/lib/jobs";
import { completeStaffJobSchema } from "@/lib/validation/jobs";
import { command } from "../command";
import { getStaffJobOrThrow } from "../get-staff-job-or-throw";

/** Staff resolve a job in a staff queue, optionally with a note on what they did. */
export const completeStaffJob = command(
  { name: "completeStaffJob", input: completeStaffJobSchema, roles: AREA_ROLES.staff },
  async ({ actor, input, db }) => {
    const { job } = await getStaffJobOrThrow(db, input.jobId, "completed");
    const result = await jobCompleted(db, {
      target: { type: job.targetType, id: job.targetId },
      jobType: job.jobType,
      jobId: job.id,
      by: actor.id,
      source: "staff",
      note: input.note ?? null,
    });
    return { jobId: job.id, status: result.job?.status ?? job.status, changed: result.changed };
  },
);
