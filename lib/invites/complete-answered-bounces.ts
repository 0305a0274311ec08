import type { SqlDb } from "@/lib/db/client";
import { autoCompleteJob } from "@/lib/jobs";

/**
 * One inviter's invitation outcomes (bounced, delivered, accepted), one at a
 * time until the transaction ends. Without it a delivery could read a
 * concurrent bounce as still on its way and complete the staff job that
 * bounce is counting on.
 */
export async function lockInviterOutcomes(db: SqlDb, inviterId: string): Promise<void> {
  await db.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`invites:outcome:${inviterId}`}, 0))`;
}

/**
 * Completes the inviter's "bounced invitations" staff job (source auto) once
 * none of their bounces is left unanswered: every invitation of theirs that
 * bounced has been accepted after all, or its address has since received an
 * invitation the mail server took (sent again, delivered or accepted). A
 * bounce followed by an invitation to a corrected address stays for staff to
 * close. Call it in the transaction that delivered or accepted `invite`, after
 * its status changed; with no such job pending it changes nothing.
 */
export async function completeAnsweredBounces(db: SqlDb, invite: { id: string; inviterId: string; email: string }): Promise<void> {
  await lockInviterOutcomes(db, invite.inviterId);
  const [row] = await db.$queryRaw<{ left: boolean }[]>`
    SELECT EXISTS (
      SELECT 1 FROM invites b
      WHERE b.inviter_id = ${invite.inviterId}::uuid AND b.status = 'bounced'
        AND NOT EXISTS (
          SELECT 1 FROM invites d
          WHERE d.inviter_id = b.inviter_id AND lower(d.email) = lower(b.email)
            AND d.status IN ('sent', 'accepted') AND d.created_at > b.created_at)
    ) AS "left"`;
  if (row?.left ?? true) return;
  await autoCompleteJob(db, {
    target: { type: "user", id: invite.inviterId },
    jobType: "staff.bounced-invites",
    metadata: { inviteId: invite.id, email: invite.email },
    note: "Every invitation that bounced has since been delivered or accepted.",
  });
}
