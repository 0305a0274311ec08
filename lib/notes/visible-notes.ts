import { type Db, Prisma, queryRows } from "@/lib/db/client";
import { jobsTable, type JobTypeDefinition, jobTypes } from "@/lib/jobs";

// Which person a note "visible to the person" is for, and where they see it.
//
// The person is the one the staff job is about. For a job about a document
// (staff.review-document), that is the document's owner; they see the note on
// their todo item that names the same document, which is the "Upload a new
// document" item a rejection asks for (its metadata.documentId). So the words
// a reviewer wrote about one document reach its owner exactly where they act
// on it, and a later document's item does not carry the old one's notes.
// While the review is pending the owner has no item for that document, so the
// note waits for the decision; that is when it is useful.
//
// Only document targets are linked for now (NOTE_SUBJECT_TARGETS). A type may
// set notesVisibleToSubject only if its target type is listed (a test checks
// the registry), so a note can never be marked visible with nowhere to show.

/** Target types a visible note can reach a person through. */
export const NOTE_SUBJECT_TARGETS: readonly string[] = ["document"];

export interface VisibleNote {
  id: string;
  body: string;
  createdAt: Date;
  editedAt: Date | null;
}

/** Plenty for one person's few items; a cap so a runaway job cannot build a huge list. */
const VISIBLE_NOTES_LIMIT = 100;

/** Staff job types whose notes can be visible to the person: their target is a document. */
export const VISIBLE_NOTE_TYPES: readonly string[] = (jobTypes.all as readonly JobTypeDefinition[])
  .filter((def) => def.notesVisibleToSubject === true && def.targetType === "document")
  .map((def) => def.key);

/**
 * The visible notes to show on each of `todoIds` (jobs on `userId`'s own list),
 * oldest first, keyed by todo id. The owner check is in the statement: an item
 * whose metadata names someone else's document shows nothing.
 */
export async function visibleNotesForTodos(db: Db, userId: string, todoIds: readonly string[]): Promise<Map<string, VisibleNote[]>> {
  const byTodo = new Map<string, VisibleNote[]>();
  if (todoIds.length === 0 || VISIBLE_NOTE_TYPES.length === 0) return byTodo;
  const rows = await queryRows<VisibleNote & { todoId: string }>(
    db,
    Prisma.sql`
    SELECT t.id::text AS "todoId", n.id::text AS id, n.body, n.created_at AS "createdAt", n.edited_at AS "editedAt"
    FROM ${jobsTable} t
    JOIN documents d
      ON d.id = CASE WHEN t.metadata->>'documentId' ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
                     THEN (t.metadata->>'documentId')::uuid END
     AND d.owner_id = ${userId}::uuid
    JOIN ${jobsTable} s ON s.target_type = 'document' AND s.target_id = d.id::text AND s.job_type IN (${Prisma.join(VISIBLE_NOTE_TYPES)})
    JOIN job_notes n ON n.job_id = s.id AND n.visible_to_subject AND n.deleted_at IS NULL
    WHERE t.id = ANY(${[...todoIds]}::uuid[]) AND t.assigned_to_id = ${userId}
    ORDER BY n.created_at, n.id
    LIMIT ${VISIBLE_NOTES_LIMIT}`,
  );
  for (const { todoId, ...note } of rows) byTodo.set(todoId, [...(byTodo.get(todoId) ?? []), note]);
  return byTodo;
}
