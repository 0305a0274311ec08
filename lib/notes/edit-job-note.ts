import { type Db, inTransaction } from "@/lib/db/client";
import type { EditJobNoteInput, JobNoteSaved } from "@/lib/validation/job-notes";
import { lockOwnNote } from "./lock-own-note";
import { notifyMentions } from "./notify-mentions";
import { requireVisibleAllowed } from "./write-job-note";

/** The author rewrites their note; people it newly mentions are notified (while the job is pending), the others not again. */
export async function editJobNote(db: Db, authorId: string, input: EditJobNoteInput): Promise<JobNoteSaved> {
  return inTransaction(db, async (tx) => {
    const note = await lockOwnNote(tx, input.noteId, authorId, "edit");
    requireVisibleAllowed(note.jobType, input.visibleToSubject);
    await tx.jobNote.update({
      where: { id: note.id },
      data: { body: input.body, visibleToSubject: input.visibleToSubject, editedAt: new Date() },
    });
    const notified = note.pending ? await notifyMentions(tx, { id: note.id, jobId: note.jobId, authorId, body: input.body }) : [];
    return { noteId: note.id, notified };
  });
}
