import { z } from "zod";
import { jobSignals, type JobSignalPayload, reportException } from "@/lib/jobs";
import { connectOnce } from "@/lib/jobs/connect-once";
import { log } from "@/lib/log";
import { completeAnsweredBounces, lockInviterOutcomes } from "./complete-answered-bounces";

const DELIVERY = "invites.deliver-invitation";

// Compared as a uuid so the primary key is used (id::text scans invites); a
// target id that is no uuid names no invite.
const isInviteId = (id: string) => z.guid().safeParse(id).success;

/**
 * The mail server took the invitation: it is sent, and the inviter's "invite
 * a teammate" job is done. If that leaves none of the inviter's bounces
 * unanswered, their "bounced invitations" staff job is done too.
 */
async function inviteDelivered({ db, job }: JobSignalPayload): Promise<void> {
  if (job.jobType !== DELIVERY || !isInviteId(job.targetId)) return;
  const [invite] = await db.$queryRaw<{ inviterId: string; email: string }[]>`
    UPDATE invites SET status = 'sent' WHERE id = ${job.targetId}::uuid AND status = 'sending'
    RETURNING inviter_id AS "inviterId", email`;
  if (!invite) return;
  // The inviter's "invite a teammate" job is not done by an email arriving:
  // it is done when the teammate joins (acceptInvite).
  await completeAnsweredBounces(db, { id: job.targetId, inviterId: invite.inviterId, email: invite.email });
}

/**
 * The invitation will not arrive: the mail server refused the address
 * (`bounce`), it failed for good or its outcome is unknown (`undelivered`),
 * or its job expired first. The invite is bounced with that reason, the
 * inviter's job stays open, and staff are asked to help the inviter. One staff
 * job per inviter while it is pending, however many of their invitations
 * bounce: each later bounce counts an occurrence on it (reportException).
 */
async function inviteBounced({ db, job }: JobSignalPayload): Promise<void> {
  if (job.jobType !== DELIVERY) return;
  const reason = reasonOf(job.metadata.bounce) ?? reasonOf(job.metadata.undelivered);
  if (reason) await markBounced(db, job.targetId, reason);
}

async function inviteExpired({ db, job }: JobSignalPayload): Promise<void> {
  if (job.jobType !== DELIVERY) return;
  await markBounced(db, job.targetId, "Not delivered: the invitation's delivery job expired before the mail server took it.");
}

const reasonOf = (value: unknown) => (typeof value === "string" && value ? value : null);

async function markBounced(db: JobSignalPayload["db"], inviteId: string, reason: string): Promise<void> {
  if (!isInviteId(inviteId)) return;
  const [invite] = await db.$queryRaw<{ inviterId: string; email: string }[]>`
    UPDATE invites SET status = 'bounced', bounce = ${reason} WHERE id = ${inviteId}::uuid AND status = 'sending'
    RETURNING inviter_id AS "inviterId", email`;
  if (!invite) return;
  await lockInviterOutcomes(db, invite.inviterId);
  await reportException(db, {
    jobType: "staff.bounced-invites",
    target: { type: "user", id: invite.inviterId },
    error: new Error(reason),
    context: { inviteId, email: invite.email },
    sender: "invites.delivery",
  });
}

export function connectInviteReceivers(): () => void {
  return connectOnce("invites", () => {
    log.debug("invite receivers connected");
    return [
      jobSignals.completed.connect(inviteDelivered),
      jobSignals.cancelled.connect(inviteBounced),
      jobSignals.expired.connect(inviteExpired),
    ];
  });
}
