import "server-only";
import { AREA_ROLES } from "@/lib/auth/roles";
import { writeJobNote } from "@/lib/notes/write-job-note";
import { writeJobNoteSchema } from "@/lib/validation/job-notes";
import { command } from "../command";
import { getStaffJobOrThrow } from "../get-staff-job-or-throw";

/** A staff member writes a note on a staff job; its @mentions notify the staff members named. */
export const writeStaffJobNote = command(
  { name: "writeStaffJobNote", input: writeJobNoteSchema, roles: AREA_ROLES.staff },
  async ({ actor, input, db }) => {
    await getStaffJobOrThrow(db, input.jobId, "noted");
    return writeJobNote(db, actor.id, input);
  },
);
