import "server-only";
import { AREA_ROLES } from "@/lib/auth/roles";
import { cancelStaffJobSchema } from "@/lib/validation/jobs";
import { command } from "../command";
import { finishJobRow } from "./finish-job-row";
import { getStaffJobOrThrow } from "../get-staff-job-or-throw";
import { refuseOwnStaffJob } from "./refuse-own-staff-job";

/** Staff cancel a job in a staff queue; the reason is kept on the job and its event. */
export const cancelStaffJob = command(
  { name: "cancelStaffJob", input: cancelStaffJobSchema, roles: AREA_ROLES.staff },
  async ({ actor, input, db }) => {
    const { job } = await getStaffJobOrThrow(db, input.jobId, "cancelled");
    await refuseOwnStaffJob(db, job, actor.id, "dismiss");
    return finishJobRow(db, job, "cancelled", { actorId: actor.id, source: "staff", note: input.reason });
  },
);
