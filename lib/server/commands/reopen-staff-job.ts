import "server-only";
import { AREA_ROLES } from "@/lib/auth/roles";
import { jobReopened } from "@/lib/jobs";
import { reopenStaffJobSchema } from "@/lib/validation/jobs";
import { command } from "../command";
import { getStaffJobOrThrow } from "../get-staff-job-or-throw";
import { refuseOwnStaffJob } from "./refuse-own-staff-job";

/**
 * Staff reopen a staff job resolved or dismissed by mistake, with a reason,
 * within its type's window. Refused (`duplicate_pending_job`) while another
 * job of that type is pending for the same target: work on that one instead.
 */
export const reopenStaffJob = command(
  { name: "reopenStaffJob", input: reopenStaffJobSchema, roles: AREA_ROLES.staff },
  async ({ actor, input, db }) => {
    const { job } = await getStaffJobOrThrow(db, input.jobId, "reopened");
    await refuseOwnStaffJob(db, job, actor.id, "reopen");
    const result = await jobReopened(db, { jobId: job.id, reason: input.reason, by: actor.id, source: "staff" });
    return { jobId: job.id, status: result.job.status, changed: result.changed };
  },
);
