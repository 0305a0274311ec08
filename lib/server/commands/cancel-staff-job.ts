import "server-only";
import { AREA_ROLES } from "@/lib/auth/roles";
import { jobCancelled } from "@/lib/jobs";
import { cancelStaffJobSchema } from "@/lib/validation/jobs";
import { command } from "../command";
import { getStaffJobOrThrow } from "../get-staff-job-or-throw";

/** Staff cancel a job in a staff queue; the reason is kept on the job and its event. */
export const cancelStaffJob = command(
  { name: "cancelStaffJob", input: cancelStaffJobSchema, roles: AREA_ROLES.staff },
  async ({ actor, input, db }) => {
    const { job } = await getStaffJobOrThrow(db, input.jobId, "cancelled");
    const result = await jobCancelled(db, {
      target: { type: job.targetType, id: job.targetId },
      jobType: job.jobType,
      jobId: job.id,
      by: actor.id,
      source: "staff",
      note: input.reason,
    });
    return { jobId: job.id, status: result.job?.status ?? job.status, changed: result.changed };
  },
);
