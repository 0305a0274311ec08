import { expect, test } from "vitest";
import { jobTypes, type JobTypeDefinition } from "@/lib/jobs";
import { NOTE_SUBJECT_TARGETS } from "./visible-notes";

// A type may let notes be shown to the person only if lib/notes can say who
// that person is and where they see it: otherwise the tick box would promise
// something nothing delivers.
test.each((jobTypes.all as readonly JobTypeDefinition[]).filter((def) => def.notesVisibleToSubject))(
  "$key shows notes to the person through its $targetType target",
  (def) => {
    expect(def.audience).toBe("staff");
    expect(NOTE_SUBJECT_TARGETS).toContain(def.targetType);
  },
);
