import { autoCompleteJob, jobSignals, type JobSignalPayload, reportException } from "@/lib/jobs";
import { log } from "@/lib/log";

const DELIVERY = "invites.deliver-invitation";

/** The mail server took the invitation: it is sent, and the inviter's "invite a teammate" job is done. */
async function inviteDelivered({ db, job }: JobSignalPayload): Promise<void> {
  if (job.jobType !== DELIVERY) return;
  const [invite] = await db.$queryRaw<{ inviterId: string }[]>`
    UPDATE invites SET status = 'sent' WHERE id::text = ${job.targetId} AND status = 'sending'
    RETURNING inviter_id AS "inviterId"`;
  if (!invite) return;
  await autoCompleteJob(db, { target: { type: "user", id: invite.inviterId }, jobType: "onboarding.invite-teammate", metadata: { inviteId: job.targetId } });
}

/**
 * The mail server refused the address (the delivery cancelled the job with the
 * server's answer): the invite is bounced with that answer, the inviter's job
 * stays open, and staff are asked to help the inviter. One staff job per
 * inviter while it is pending (an idempotent request on the inviter), however
 * many of their invitations bounce.
 */
async function inviteBounced({ db, job }: JobSignalPayload): Promise<void> {
  if (job.jobType !== DELIVERY) return;
  const bounce = typeof job.metadata.bounce === "string" ? job.metadata.bounce : null;
  if (!bounce) return;
  const [invite] = await db.$queryRaw<{ inviterId: string; email: string }[]>`
    UPDATE invites SET status = 'bounced', bounce = ${bounce} WHERE id::text = ${job.targetId} AND status = 'sending'
    RETURNING inviter_id AS "inviterId", email`;
  if (!invite) return;
  await reportException(db, {
    jobType: "staff.bounced-invites",
    target: { type: "user", id: invite.inviterId },
    error: new Error(bounce),
    context: { inviteId: job.targetId, email: invite.email },
    sender: "invites.delivery",
  });
}

const connectedTo = ((globalThis as { __jtbdInviteReceivers?: WeakMap<object, () => void> }).__jtbdInviteReceivers ??= new WeakMap());

/**
 * Connects the invitations' receivers of the job signals, where deliveries
 * complete or cancel invitation jobs (the notification worker). Idempotent;
 * returns a function that disconnects them (tests).
 */
export function connectInviteReceivers(): () => void {
  const existing = connectedTo.get(jobSignals.completed);
  if (existing) return existing;
  const disconnects = [jobSignals.completed.connect(inviteDelivered), jobSignals.cancelled.connect(inviteBounced)];
  const disconnect = () => {
    for (const d of disconnects) d();
    connectedTo.delete(jobSignals.completed);
  };
  connectedTo.set(jobSignals.completed, disconnect);
  log.debug("invite receivers connected");
  return disconnect;
}
