import "server-only";
import { AREA_ROLES } from "@/lib/auth/roles";
import { deleteJobNote } from "@/lib/notes/delete-job-note";
import { deleteJobNoteSchema } from "@/lib/validation/job-notes";
import { command } from "../command";

/** The author of a note deletes it (nobody else may, admins included). */
export const deleteStaffJobNote = command(
  { name: "deleteStaffJobNote", input: deleteJobNoteSchema, roles: AREA_ROLES.staff },
  async ({ actor, input, db }) => deleteJobNote(db, actor.id, input),
);
