import "server-only";
import { AREA_ROLES } from "@/lib/auth/roles";
import { editJobNote } from "@/lib/notes/edit-job-note";
import { editJobNoteSchema } from "@/lib/validation/job-notes";
import { command } from "../command";

/** The author of a note rewrites it (nobody else may, admins included). */
export const editStaffJobNote = command(
  { name: "editStaffJobNote", input: editJobNoteSchema, roles: AREA_ROLES.staff },
  async ({ actor, input, db }) => editJobNote(db, actor.id, input),
);
