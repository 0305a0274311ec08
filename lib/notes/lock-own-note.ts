import { Prisma } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { jobsTable } from "@/lib/jobs";

export interface LockedNote {
  id: string;
  jobId: string;
  jobType: string;
  pending: boolean;
}

/**
 * The note, locked with its job, if `authorId` wrote it and it is not deleted.
 * Only a note's author may change it, admins included: the words are theirs.
 * The job's row is share-locked so a completion running at the same time
 * cannot slip between this check and the mention notifications (see writeJobNote).
 */
export async function lockOwnNote(tx: Prisma.TransactionClient, noteId: string, authorId: string, verb: string): Promise<LockedNote> {
  const [note] = await tx.$queryRaw<(LockedNote & { authorId: string | null; deleted: boolean })[]>(Prisma.sql`
    SELECT n.id::text AS id, n.job_id::text AS "jobId", n.author_id::text AS "authorId", n.deleted_at IS NOT NULL AS deleted,
           j.job_type AS "jobType", (j.status = 'pending' AND (j.expires_at IS NULL OR j.expires_at > now())) AS pending
    FROM job_notes n JOIN ${jobsTable} j ON j.id = n.job_id
    WHERE n.id = ${noteId}::uuid
    FOR UPDATE OF n FOR SHARE OF j`);
  if (!note || note.deleted)
    throw new AppError("not_found", "That note was deleted, so there is nothing to change. Reload the page to see the job as it is now.");
  if (note.authorId !== authorId) {
    throw new AppError("not_allowed", `Only the person who wrote a note can ${verb} it.`, {
      internal: `${authorId} tried to ${verb} note ${noteId} by ${note.authorId ?? "a deleted account"}`,
    });
  }
  return note;
}
