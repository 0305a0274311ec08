import { type Db, inTransaction, Prisma } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { jobsTable, jobTypes } from "@/lib/jobs";
import type { JobNoteSaved, WriteJobNoteInput } from "@/lib/validation/job-notes";
import { notifyMentions } from "./notify-mentions";

/** Throws `invalid_input` on `visibleToSubject` when the job's type keeps its notes among staff. */
export function requireVisibleAllowed(jobType: string, visibleToSubject: boolean): void {
  if (visibleToSubject && jobTypes.get(jobType)?.notesVisibleToSubject !== true) {
    throw new AppError("invalid_input", "Notes on this kind of job stay among staff: they cannot be shown to the person.", {
      fieldErrors: { visibleToSubject: ["Untick “Show to the person”: this kind of job does not allow it."] },
    });
  }
}

/**
 * A staff member's note on a job. Writing one is a first action on the job:
 * `first_action_at` is set, if it was not yet, in the same transaction (the
 * SLA's "time to first action" reads it). That UPDATE also locks the job's
 * row, so a completion running at the same time either ends before it (the
 * job is then seen finished, and the mentions notify nobody) or waits for this
 * transaction (and its resolve step then sees the mention notifications).
 * The caller checks that `authorId` is staff and the job a staff job.
 */
export async function writeJobNote(db: Db, authorId: string, input: WriteJobNoteInput): Promise<JobNoteSaved> {
  return inTransaction(db, async (tx) => {
    const [job] = await tx.$queryRaw<{ jobType: string; pending: boolean }[]>(Prisma.sql`
      UPDATE ${jobsTable} SET first_action_at = COALESCE(first_action_at, now())
      WHERE id = ${input.jobId}::uuid
      RETURNING job_type AS "jobType", (status = 'pending' AND (expires_at IS NULL OR expires_at > now())) AS pending`);
    if (!job) throw new AppError("not_found", "That job does not exist (any more).");
    requireVisibleAllowed(job.jobType, input.visibleToSubject);
    const note = await tx.jobNote.create({
      data: { jobId: input.jobId, authorId, body: input.body, visibleToSubject: input.visibleToSubject },
      select: { id: true },
    });
    const notified = job.pending ? await notifyMentions(tx, { id: note.id, jobId: input.jobId, authorId, body: input.body }) : [];
    return { noteId: note.id, notified };
  });
}
