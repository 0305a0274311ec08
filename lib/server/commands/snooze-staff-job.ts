import "server-only";
import { AREA_ROLES } from "@/lib/auth/roles";
import { jobSnoozed } from "@/lib/jobs";
import { snoozeJobSchema } from "@/lib/validation/jobs";
import { command } from "../command";
import { getStaffJobOrThrow } from "../get-staff-job-or-throw";
import { refuseOwnStaffJob } from "./refuse-own-staff-job";

/**
 * Staff put a staff job off until a moment: it leaves the queue's pending list
 * (and counts) until then and comes back by itself; `until: null` wakes it.
 * Not a job about oneself: that would hide one's own case from colleagues.
 */
export const snoozeStaffJob = command(
  { name: "snoozeStaffJob", input: snoozeJobSchema, roles: AREA_ROLES.staff },
  async ({ actor, input, db }) => {
    const { job } = await getStaffJobOrThrow(db, input.jobId, "snoozed");
    await refuseOwnStaffJob(db, job, actor.id, "snooze");
    const result = await jobSnoozed(db, { jobId: job.id, until: input.until, by: actor.id, source: "staff" });
    return { jobId: job.id, snoozedUntil: result.job.snoozedUntil, changed: result.changed };
  },
);
