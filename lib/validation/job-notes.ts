import { z } from "zod";
import { text } from "./text";

// Inputs of the note actions on a staff job (lib/notes). Who writes, edits or
// deletes comes from the session, never from here.

/** Long enough for a careful explanation, short enough to read in a timeline. */
export const NOTE_MAX_LENGTH = 5000;

const jobId = z.uuid({ error: "That is not a valid job id." });
const noteId = z.uuid({ error: "That is not a valid note id." });

const body = text({ label: "The note", kind: "multiline", error: "Write the note as text." })
  .trim()
  .min(1, "Write something in the note first.")
  .max(NOTE_MAX_LENGTH, `The note is longer than ${NOTE_MAX_LENGTH.toLocaleString("en")} characters. Shorten it or split it in two.`);

/** A checkbox sends "on" in a form; a script sends a boolean. */
const visibleToSubject = z.preprocess((value) => value === "on" || value === "true" || value === true, z.boolean()).default(false);

export const writeJobNoteSchema = z.object({ jobId, body, visibleToSubject });
export type WriteJobNoteInput = z.infer<typeof writeJobNoteSchema>;

export const editJobNoteSchema = z.object({ noteId, body, visibleToSubject });
export type EditJobNoteInput = z.infer<typeof editJobNoteSchema>;

export const deleteJobNoteSchema = z.object({ noteId });
export type DeleteJobNoteInput = z.infer<typeof deleteJobNoteSchema>;

/** What writing or editing a note answers: the note, and the staff members its mentions notified just now. */
export interface JobNoteSaved {
  noteId: string;
  /** Newly notified only (an edit does not notify twice); never anyone who is not staff. */
  notified: { id: string; name: string }[];
}
