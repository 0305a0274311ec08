import type PgBoss from "pg-boss";
import type { Db } from "@/lib/db/client";
import { enqueueDeliveries } from "./enqueue-deliveries";

export interface QueueAddressedEmailInput {
  /** The job the email belongs to: it is sent only while that job is pending. */
  jobId: string;
  /** The person it is sent for (the inviter); their own address is not used. */
  senderId: string;
  /** Where it goes: someone without an account yet. */
  to: string;
  /** A key of notificationTemplates with an email part. Templates of such emails must carry no user-chosen text. */
  template: string;
  /**
   * The name it is stored under (`notifications.rule`, once per job, sender
   * and channel); default "requested". A job whose type's own rules also
   * email the sender names it otherwise, so the two do not collide.
   */
  rule?: string;
}

/**
 * Queues an email to an address that is not a user's own (an invitation),
 * in `db` (pass the transaction that created its job): a notification of the
 * job with `to_address`, delivered by the worker like every other email, so it
 * gets the same claim, retries, bounce handling and dev-mailbox capture.
 * Returns the notification id.
 */
export async function queueAddressedEmail(db: Db, input: QueueAddressedEmailInput, boss?: PgBoss): Promise<string> {
  const [row] = await db.$queryRaw<{ id: string }[]>`
    INSERT INTO notifications (id, job_id, recipient_id, to_address, channel, template_key, rule, status, created_at)
    VALUES (gen_random_uuid(), ${input.jobId}::uuid, ${input.senderId}::uuid, ${input.to}, 'email', ${input.template}, ${input.rule ?? "requested"}, 'queued', now())
    RETURNING id`;
  await enqueueDeliveries(db, [row!.id], boss);
  return row!.id;
}
