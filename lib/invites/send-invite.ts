import { type Db, inTransaction } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { autoCompleteJob, reportException } from "@/lib/jobs";
import { fieldErrors } from "@/lib/validation/field-errors";
import { inviteSchema, type InviteInput } from "@/lib/validation/invites";

// Invitation delivery is simulated: the demo has no outside mail. Addresses in
// the reserved top-level domains (RFC 2606 / 6761) can never receive mail, so
// they bounce at once, exactly as a real bounce report would arrive later.
const UNDELIVERABLE = /\.(invalid|test|example|localhost)$/i;

/**
 * Sends an invitation. A delivered one completes the inviter's "invite a
 * teammate" job. An address that bounces marks the invite bounced and opens a
 * staff job for it (idempotent per invite); the inviter's job stays open.
 */
export async function sendInvite(db: Db, inviterId: string, rawInput: InviteInput) {
  const parsed = inviteSchema.safeParse(rawInput);
  if (!parsed.success) throw new AppError("invalid_input", "Please check the email address.", { fieldErrors: fieldErrors(parsed.error) });
  const { email } = parsed.data;
  const domain = email.split("@")[1] ?? "";

  return inTransaction(db, async (tx) => {
    const invite = await tx.invite.create({ data: { inviterId, email }, select: { id: true, email: true, status: true, createdAt: true } });
    if (!UNDELIVERABLE.test(domain)) {
      await autoCompleteJob(tx, { target: { type: "user", id: inviterId }, jobType: "onboarding.invite-teammate", metadata: { inviteId: invite.id } });
      return invite;
    }

    const bounce = `550 5.1.1 <${email}>: the domain ${domain} cannot receive mail`;
    const bounced = await tx.invite.update({ where: { id: invite.id }, data: { status: "bounced", bounce }, select: { id: true, email: true, status: true, createdAt: true } });
    await reportException(tx, {
      jobType: "staff.bounced-invite",
      target: { type: "invite", id: invite.id },
      error: new Error(bounce),
      context: { inviterId, email },
      sender: "invites.send",
    });
    return bounced;
  });
}
