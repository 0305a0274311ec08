import "server-only";
import { AREA_ROLES } from "@/lib/auth/roles";
import { completeStaffJobSchema } from "@/lib/validation/jobs";
import { command } from "../command";
import { finishJobRow } from "./finish-job-row";
import { getStaffJobOrThrow } from "../get-staff-job-or-throw";
import { refuseOwnStaffJob } from "./refuse-own-staff-job";

/** Staff resolve a job in a staff queue, optionally with a note on what they did. */
export const completeStaffJob = command(
  { name: "completeStaffJob", input: completeStaffJobSchema, roles: AREA_ROLES.staff },
  async ({ actor, input, db }) => {
    const { job } = await getStaffJobOrThrow(db, input.jobId, "completed");
    await refuseOwnStaffJob(db, job, actor.id, "resolve");
    return finishJobRow(db, job, "completed", { actorId: actor.id, source: "staff", note: input.note });
  },
);
