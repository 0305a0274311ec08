import type { PrismaClient } from "@/lib/db/client";
import { autoCompleteJob, jobsTable, jobTypeKey, jobTypes } from "@/lib/jobs";
import { cancelUndelivered, reportDeliveryFailure } from "./deliver-notification";

export interface SettleStaleDeliveriesOptions {
  /** A claim older than this is stale: longer than any SMTP conversation the mailer allows. */
  olderThanSeconds?: number;
  limit?: number;
}

export interface SettledDeliveries {
  /** Captured before the worker stopped: the dev mailbox has them, so they count as sent. */
  sent: number;
  /** Outcome unknown: failed, with a staff job each. */
  failed: number;
}

/**
 * Deals with deliveries claimed and never recorded (the worker died between
 * handing the email to the mail server and writing the outcome). They are not
 * sent again: that is the at-most-once choice explained in deliverNotification.
 * An email the capturing mailer stored is known to be delivered and becomes
 * `sent`; any other becomes `failed` with "outcome unknown" and a
 * `staff.fix-email-delivery` job, so a person checks the mail server's log and
 * resends if it never left. Rows are taken with SKIP LOCKED so two sweeps share them.
 */
export async function settleStaleDeliveries(db: PrismaClient, options: SettleStaleDeliveriesOptions = {}): Promise<SettledDeliveries> {
  const olderThan = options.olderThanSeconds ?? 600;
  return db.$transaction(async (tx) => {
    const settled = await tx.$queryRaw<
      {
        id: string;
        captured: boolean;
        to: string;
        template: string;
        jobId: string;
        jobType: string;
        targetType: string;
        targetId: string;
      }[]
    >`
      WITH stale AS (
        SELECT n.id FROM notifications n
        WHERE n.claimed_at < clock_timestamp() - ${olderThan} * interval '1 second'
        ORDER BY n.claimed_at
        LIMIT ${options.limit ?? 500}
        FOR UPDATE SKIP LOCKED
      ), outcome AS (
        SELECT s.id, EXISTS (SELECT 1 FROM captured_emails c WHERE c.notification_id = s.id) AS captured FROM stale s
      )
      UPDATE notifications n SET
        status = (CASE WHEN o.captured THEN 'sent' ELSE 'failed' END)::notification_status,
        sent_at = CASE WHEN o.captured THEN now() ELSE n.sent_at END,
        claimed_at = NULL,
        last_error = CASE WHEN o.captured THEN NULL
          ELSE 'Outcome unknown: the worker stopped after claiming this email and before recording the answer of the mail server. Not resent (at most once).' END
      FROM outcome o, users u, ${jobsTable} j
      WHERE n.id = o.id AND n.status = 'sending' AND u.id = n.recipient_id AND j.id = n.job_id
      RETURNING n.id, o.captured, COALESCE(n.to_address, u.email) AS "to", n.template_key AS template, j.id AS "jobId", j.job_type AS "jobType",
        j.target_type AS "targetType", j.target_id AS "targetId"`;
    // Captured is delivered: a job that waits for its email (an invitation) is done.
    for (const n of settled.filter((s) => s.captured && jobTypes.get(s.jobType)?.completedByDelivery)) {
      await autoCompleteJob(tx, {
        target: { type: n.targetType, id: n.targetId },
        jobType: jobTypeKey(n.jobType),
        metadata: { notificationId: n.id },
      });
    }
    for (const n of settled.filter((s) => !s.captured)) {
      const reason = "Outcome unknown: the worker stopped between claiming this email and recording the answer of the mail server.";
      await reportDeliveryFailure(tx, n.id, reason, { to: n.to, template: n.template, jobId: n.jobId, jobType: n.jobType });
      if (jobTypes.get(n.jobType)?.completedByDelivery)
        await cancelUndelivered(
          tx,
          { id: n.jobId, jobType: jobTypeKey(n.jobType), targetType: n.targetType, targetId: n.targetId },
          n.id,
          reason,
        );
    }
    const sent = settled.filter((s) => s.captured).length;
    return { sent, failed: settled.length - sent };
  });
}
