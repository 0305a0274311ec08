import { type Db, inTransaction } from "@/lib/db/client";
import type { DeleteJobNoteInput } from "@/lib/validation/job-notes";
import { lockOwnNote } from "./lock-own-note";
import { resolveMentions } from "./notify-mentions";

/**
 * The author deletes their note: the row stays, for the timeline's "note
 * deleted" and the notifications that name it, but its words go, and the
 * unread mentions of it leave the inboxes' counts.
 */
export async function deleteJobNote(db: Db, authorId: string, input: DeleteJobNoteInput): Promise<{ noteId: string }> {
  return inTransaction(db, async (tx) => {
    const note = await lockOwnNote(tx, input.noteId, authorId, "delete");
    await tx.jobNote.update({ where: { id: note.id }, data: { body: "", visibleToSubject: false, deletedAt: new Date() } });
    await resolveMentions(tx, note);
    return { noteId: note.id };
  });
}
