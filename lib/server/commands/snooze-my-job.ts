import "server-only";
import { jobSnoozed } from "@/lib/jobs";
import { snoozeJobSchema } from "@/lib/validation/jobs";
import { command } from "../command";
import { getOwnJobOrThrow } from "../get-own-job-or-throw";

/**
 * A person puts one of their own jobs off ("not now, until …"): it leaves their
 * todo list until then and comes back by itself; `until: null` brings it back
 * now. Only their own jobs (someone else's answers as not found).
 */
export const snoozeMyJob = command({ name: "snoozeMyJob", input: snoozeJobSchema }, async ({ actor, input, db }) => {
  const { job } = await getOwnJobOrThrow(db, actor, input.jobId);
  const result = await jobSnoozed(db, { jobId: job.id, until: input.until, by: actor.id, source: "user" });
  return { jobId: job.id, snoozedUntil: result.job.snoozedUntil, changed: result.changed };
});
