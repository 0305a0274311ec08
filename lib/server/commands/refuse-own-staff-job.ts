import "server-only";
import { z } from "zod";
import { type Db, type JobRow, Prisma } from "@/lib/db/client";
import { AppError } from "@/lib/errors";

// What "their own" means per target type: the person themselves, a document
// they uploaded, an invitation they sent, an email sent to them or for them.
// A target type not listed here has no owner among staff: nothing is refused.
const OWNED_BY = {
  user: (targetId: string, actorId: string) => Prisma.sql`SELECT ${targetId} = ${actorId}`,
  document: (targetId: string, actorId: string) =>
    Prisma.sql`SELECT EXISTS (SELECT 1 FROM documents WHERE id = ${targetId}::uuid AND owner_id = ${actorId}::uuid)`,
  invite: (targetId: string, actorId: string) =>
    Prisma.sql`SELECT EXISTS (SELECT 1 FROM invites WHERE id = ${targetId}::uuid AND inviter_id = ${actorId}::uuid)`,
  notification: (targetId: string, actorId: string) =>
    Prisma.sql`SELECT EXISTS (SELECT 1 FROM notifications WHERE id = ${targetId}::uuid AND recipient_id = ${actorId}::uuid)`,
} as const satisfies Record<string, (targetId: string, actorId: string) => Prisma.Sql>;

// Compared as a uuid so the primary key is used (id::text scans the table);
// a target id that is no uuid names no row, so owns nothing.
const rowId = z.guid();

/**
 * Four eyes on staff work: a staff member may not resolve or dismiss a staff
 * job about themselves or about something of theirs (approving their own
 * document, closing the report of their own refused upload). Claiming and
 * assigning stay allowed; only the decision needs someone else. Ownership
 * never changes after a row is written, so checking before the change is safe.
 */
export async function refuseOwnStaffJob(
  db: Db,
  job: Pick<JobRow, "targetType" | "targetId">,
  actorId: string,
  verb: string,
): Promise<void> {
  const ownedBy = OWNED_BY[job.targetType as keyof typeof OWNED_BY];
  if (!ownedBy) return;
  if (job.targetType !== "user" && !rowId.safeParse(job.targetId).success) return;
  const [row] = await db.$queryRaw<{ own: boolean }[]>`SELECT (${ownedBy(job.targetId, actorId)}) AS own`;
  if (row?.own) {
    throw new AppError("not_allowed", `This job is about you or something of yours, so another staff member must ${verb} it.`, {
      internal: `staff ${actorId} tried to ${verb} a job about their own ${job.targetType} ${job.targetId}`,
    });
  }
}
