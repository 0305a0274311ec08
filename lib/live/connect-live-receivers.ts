import { Prisma } from "@/lib/db/client";
import { jobEventsTable, jobSignals, jobTypes, type JobSignalName, type JobSignalPayload } from "@/lib/jobs";
import { connectOnce } from "@/lib/jobs/connect-once";
import { JOB_CHANGES_CHANNEL } from "./job-change";

// The receiver that announces every job change to the app's processes:
// `pg_notify` on the change's own connection, inside its transaction, so
// PostgreSQL delivers it when (and only if) the change commits. A rolled-back
// change announces nothing; listeners never see a change they cannot read yet.
//
// Optional, not required: a lost announcement costs a live update (the page
// catches up on its next load or reconnect), never the change itself.

function announce(signal: JobSignalName) {
  return Object.defineProperty(
    async ({ db, job, actor, data }: JobSignalPayload) => {
      const previous = signal === "assigned" && typeof data.from === "string" ? data.from : null;
      // The new assignee's name rides along for staff jobs only (staff see who
      // took a job; a person's own list never names anyone).
      const named = signal === "assigned" && job.assignedToId !== null && jobTypes.get(job.jobType)?.audience === "staff";
      // $executeRaw: pg_notify returns void, which there is no need to read back.
      await db.$executeRaw(Prisma.sql`
        SELECT pg_notify(${JOB_CHANGES_CHANNEL}, json_build_object(
          'e', (SELECT max(id) FROM ${jobEventsTable} WHERE job_id = ${job.id}::uuid)::text,
          'j', ${job.id}::text, 't', ${job.jobType}::text, 's', ${job.status}::text, 'k', ${signal}::text,
          'a', ${job.assignedToId}::text, 'p', ${previous}::text, 'b', ${actor.id}::text,
          'o', ${job.targetType === "organisation" ? job.targetId : null}::text,
          'n', ${
            named
              ? Prisma.sql`(SELECT left(coalesce(name, email), 200) FROM users WHERE id = ${job.assignedToId}::uuid)`
              : Prisma.sql`NULL::text`
          }
        )::text)`);
    },
    "name",
    { value: `live ${signal}` },
  );
}

/**
 * Connects the live-update receiver to every job signal (idempotent; the
 * engine's newer signals included, as they are listed in jobSignals). Call it
 * where the other receivers are connected (startJobs).
 */
export function connectLiveReceivers(): () => void {
  return connectOnce("live", () =>
    (Object.keys(jobSignals) as JobSignalName[]).map((signal) => jobSignals[signal].connect(announce(signal))),
  );
}
