import { type Db, inTransaction } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { jobRequested } from "@/lib/jobs";
import { queueAddressedEmail } from "@/lib/notifications/queue-addressed-email";
import { lockQuota, quotaExceeded } from "@/lib/quotas/quota-exceeded";
import { fieldErrors } from "@/lib/validation/field-errors";
import { inviteSchema, type InviteInput } from "@/lib/validation/invites";

/** Each person may send this many invitations per day. */
export const INVITES_PER_DAY = 10;

const DAY = 24 * 3_600_000;

/**
 * Sends an invitation: stores it as `sending`, requests its
 * `invites.deliver-invitation` job and queues the invitation email of that job,
 * all in one transaction. The notification worker delivers it; its outcome
 * comes back through the job (connectInviteReceivers): the mail server taking
 * the message completes the inviter's "invite a teammate" job, a refused
 * recipient marks the invite bounced and asks staff to help the inviter.
 * Over the quota it is refused with `rate_limited` and when to try again.
 */
export async function sendInvite(db: Db, inviterId: string, rawInput: InviteInput) {
  const parsed = inviteSchema.safeParse(rawInput);
  if (!parsed.success) throw new AppError("invalid_input", "Please check the email address.", { fieldErrors: fieldErrors(parsed.error) });
  const { email } = parsed.data;

  return inTransaction(db, async (tx) => {
    await lockQuota(tx, `quota:invite:${inviterId}`);
    const [{ now }] = await tx.$queryRaw<[{ now: Date }]>`SELECT clock_timestamp() AS now`;
    const today = await tx.$queryRaw<{ createdAt: Date }[]>`
      SELECT created_at AS "createdAt" FROM invites
      WHERE inviter_id = ${inviterId}::uuid AND created_at > ${now}::timestamptz - interval '1 day'
      ORDER BY created_at`;
    if (today.length >= INVITES_PER_DAY) {
      const retryAt = new Date(today[today.length - INVITES_PER_DAY]!.createdAt.getTime() + DAY);
      throw quotaExceeded(`You sent ${today.length} invitations in the last 24 hours, the most we allow.`, retryAt, now);
    }

    const invite = await tx.invite.create({
      data: { inviterId, email, status: "sending" },
      select: { id: true, email: true, status: true, createdAt: true },
    });
    const { job } = await jobRequested(tx, {
      target: { type: "invite", id: invite.id },
      jobType: "invites.deliver-invitation",
      metadata: { inviterId },
      by: inviterId,
      source: "user",
      sender: "invites.send",
    });
    await queueAddressedEmail(tx, { jobId: job.id, senderId: inviterId, to: email, template: "invitation" });
    return invite;
  });
}
