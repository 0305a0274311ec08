import type { Prisma, PrismaClient } from "@/lib/db/client";
import { autoCompleteJob, jobCancelled, jobHref, jobsTable, jobTypeKey, jobTypes, pendingNow, reportException } from "@/lib/jobs";
import type { Job } from "@/lib/jobs";
import type { Mailer, OutgoingEmail } from "./create-mailer";
import { escapeHtml, type NotificationTemplates, notificationTemplates } from "./notification-templates";
import { ruleKindOf } from "./rule-key";
import { createUnsubscribeToken } from "./unsubscribe-token";

export interface DeliverNotificationOptions {
  mailer: Mailer;
  /** The last attempt pg-boss will make: a failure now is final. */
  finalAttempt: boolean;
  templates?: NotificationTemplates;
  appUrl: string;
  /** Longest wait for a row another delivery is claiming (milliseconds, not the SMTP conversation). */
  lockTimeoutMs?: number;
}

export type DeliveryOutcome =
  | { status: "sent" }
  /** Nothing to do: already sent, being sent, cancelled or failed, or no longer wanted. */
  | { status: "skipped"; reason: string }
  /** This attempt failed and was recorded; pg-boss should retry. */
  | { status: "retry"; error: string }
  /** The last attempt failed, or the server refused an address for good: the notification is now `failed`. */
  | { status: "failed"; error: string };

interface Claimed {
  id: string;
  channel: "email" | "in_app";
  templateKey: string;
  rule: string;
  recipientId: string;
  /** Where the email goes: the notification's own address (an invitation) or the recipient's. */
  email: string;
  name: string | null;
  emailReminders: boolean;
  jobPending: boolean;
  /** The claim's moment, kept on the row: only the claim that sent may record the outcome. */
  claimedAt: Date;
  job: Pick<Job, "id" | "jobType" | "targetType" | "targetId" | "dueAt" | "expiresAt" | "createdAt">;
}

const MAX_ERROR_LENGTH = 2000;

/**
 * Delivers one notification in three steps, so no transaction or row lock is
 * open while a mail server takes its time (a person finishing the job meanwhile
 * is never kept waiting behind SMTP):
 *
 * 1. Claim, and commit: `queued` becomes `sending` (attempts + 1, `claimed_at`
 *    set) in a short transaction. A second delivery of the same notification
 *    (another worker, a duplicate pg-boss job) waits those few milliseconds for
 *    the row and then finds it no longer queued, so it never sends.
 * 2. Render and send, outside any transaction.
 * 3. Record the outcome in a new transaction: `sent`; or back to `queued` with
 *    the error for pg-boss to retry; or `failed` on the last attempt, which
 *    opens a `staff.fix-email-delivery` job through the engine. For a job that
 *    exists to deliver its email (an invitation), delivery completes the job
 *    and a refused recipient (5xx) cancels it at once: a bounce, not retried.
 *
 * A crash between 1 and 3 leaves the row `sending`: nobody knows whether the
 * server took the message. We chose at most once over at least once: such a
 * row is never sent again automatically. settleStaleDeliveries turns it into
 * `failed` ("outcome unknown") after a timeout and asks staff to check, because
 * an email sent twice (a second invitation, a second verify link) cannot be
 * taken back, while one lost is seen by a person who can resend it.
 */
export async function deliverNotification(
  db: PrismaClient,
  notificationId: string,
  options: DeliverNotificationOptions,
): Promise<DeliveryOutcome> {
  const templates = options.templates ?? notificationTemplates;
  const claim = await claimNotification(db, notificationId, options.lockTimeoutMs ?? 15_000);
  if ("outcome" in claim) return claim.outcome;
  const claimed = claim.claimed;

  try {
    await options.mailer.send(db, composeEmail(claimed, templates, options.appUrl), claimed.id);
  } catch (error) {
    return recordFailure(db, claimed, error, options.finalAttempt);
  }
  await db.$transaction(async (tx) => {
    const recorded = await tx.$executeRaw`
      UPDATE notifications SET status = 'sent', sent_at = now(), last_error = NULL, claimed_at = NULL
      WHERE id = ${claimed.id}::uuid AND status = 'sending' AND claimed_at = ${claimed.claimedAt}`;
    // Settled as "outcome unknown" while this send took longer than the stale
    // timeout: staff already have a job about it; leave their record standing.
    if (recorded === 0) return;
    if (jobTypes.get(claimed.job.jobType)?.completedByDelivery) {
      await autoCompleteJob(tx, {
        target: targetOf(claimed),
        jobType: jobTypeKey(claimed.job.jobType),
        metadata: { notificationId: claimed.id },
      });
    }
  });
  return { status: "sent" };
}

type Claim = { claimed: Claimed } | { outcome: DeliveryOutcome };

async function claimNotification(db: PrismaClient, notificationId: string, lockTimeoutMs: number): Promise<Claim> {
  return db.$transaction(async (tx): Promise<Claim> => {
    await tx.$executeRawUnsafe(`SET LOCAL lock_timeout = '${Math.max(100, Math.floor(lockTimeoutMs))}ms'`);
    const rows = await tx.$queryRaw<(Omit<Claimed, "job" | "claimedAt"> & Claimed["job"] & { jobId: string })[]>`
      SELECT n.id, n.channel::text AS channel, n.template_key AS "templateKey", n.rule, n.recipient_id AS "recipientId",
             COALESCE(n.to_address, u.email) AS email, u.name, u.email_reminders AS "emailReminders",
             ${pendingNow("j")} AS "jobPending",
             j.id AS "jobId", j.job_type AS "jobType", j.target_type AS "targetType", j.target_id AS "targetId",
             j.due_at AS "dueAt", j.expires_at AS "expiresAt", j.created_at AS "createdAt"
      FROM notifications n
      JOIN users u ON u.id = n.recipient_id
      JOIN ${jobsTable} j ON j.id = n.job_id
      WHERE n.id = ${notificationId}::uuid AND n.status = 'queued'
      FOR UPDATE OF n`;
    const row = rows[0];
    if (!row) return { outcome: { status: "skipped", reason: "not queued (already sent, being sent, cancelled or failed)" } };

    const kind = ruleKindOf(row.rule);
    if (!row.jobPending && kind !== "expired") {
      await settle(tx, row.id, "cancelled", null);
      return { outcome: { status: "skipped", reason: "its job is no longer pending" } };
    }
    if (row.channel === "email" && kind === "reminder" && !row.emailReminders) {
      await settle(tx, row.id, "cancelled", "The recipient turned reminder emails off.");
      return { outcome: { status: "skipped", reason: "recipient opted out of reminder emails" } };
    }
    if (row.channel === "in_app") {
      await settle(tx, row.id, "sent", null);
      return { outcome: { status: "sent" } };
    }
    const [claim] = await tx.$queryRaw<{ claimedAt: Date }[]>`
      UPDATE notifications SET status = 'sending', attempts = attempts + 1, claimed_at = clock_timestamp()
      WHERE id = ${row.id}::uuid
      RETURNING claimed_at AS "claimedAt"`;
    const { jobId, jobType, targetType, targetId, dueAt, expiresAt, createdAt, ...rest } = row;
    return {
      claimed: { ...rest, claimedAt: claim!.claimedAt, job: { id: jobId, jobType, targetType, targetId, dueAt, expiresAt, createdAt } },
    };
  });
}

async function recordFailure(db: PrismaClient, claimed: Claimed, error: unknown, finalAttempt: boolean): Promise<DeliveryOutcome> {
  const message = describe(error);
  const completedByDelivery = Boolean(jobTypes.get(claimed.job.jobType)?.completedByDelivery);
  const bounced = isPermanentRefusal(error) && completedByDelivery;
  const final = finalAttempt || bounced;
  await db.$transaction(async (tx) => {
    const recorded = await tx.$executeRaw`
      UPDATE notifications SET status = ${final ? "failed" : "queued"}::notification_status, last_error = ${message}, claimed_at = NULL
      WHERE id = ${claimed.id}::uuid AND status = 'sending' AND claimed_at = ${claimed.claimedAt}`;
    if (recorded === 0) return;
    if (bounced) {
      // The job's owner (lib/invites) hears the bounce through the engine's "cancelled" signal.
      await jobCancelled(tx, {
        target: targetOf(claimed),
        jobType: jobTypeKey(claimed.job.jobType),
        jobId: claimed.job.id,
        source: "system",
        note: message,
        metadata: { bounce: message, notificationId: claimed.id },
      });
    } else if (final) {
      await reportDeliveryFailure(tx, claimed.id, message, {
        to: claimed.email,
        template: claimed.templateKey,
        jobId: claimed.job.id,
        jobType: claimed.job.jobType,
      });
      // A job that waits for this email would otherwise wait until it expires.
      if (completedByDelivery) await cancelUndelivered(tx, claimed.job, claimed.id, message);
    }
  });
  if (!final) return { status: "retry", error: message };
  return { status: "failed", error: message };
}

/**
 * Cancels a job that only its email completes, once that email will not be
 * sent: its owner hears why through the "cancelled" signal (`undelivered`).
 */
export async function cancelUndelivered(
  tx: Prisma.TransactionClient,
  job: { id: string; jobType: string; targetType: string; targetId: string },
  notificationId: string,
  reason: string,
) {
  await jobCancelled(tx, {
    target: { type: job.targetType, id: job.targetId },
    jobType: jobTypeKey(job.jobType),
    jobId: job.id,
    source: "system",
    note: reason,
    metadata: { undelivered: reason, notificationId },
  });
}

/**
 * One staff job per notification that finally failed (a second report counts
 * an occurrence on it). It never completes by itself: a failed notification is
 * not sent again automatically, so nothing clears it but a person.
 */
export async function reportDeliveryFailure(
  db: Prisma.TransactionClient | PrismaClient,
  notificationId: string,
  message: string,
  context: { to: string; template: string; jobId: string; jobType: string },
) {
  return reportException(db, {
    jobType: "staff.fix-email-delivery",
    target: { type: "notification", id: notificationId },
    error: new Error(message),
    context,
    sender: "notifications.deliver",
  });
}

/** A mail server's 5xx answer: this address will not take the message, however often we try. */
function isPermanentRefusal(error: unknown): boolean {
  const code = (error as { responseCode?: unknown } | null)?.responseCode;
  return typeof code === "number" && code >= 500 && code < 600;
}

const targetOf = (claimed: Claimed) => ({ type: claimed.job.targetType, id: claimed.job.targetId });

async function settle(tx: Prisma.TransactionClient, id: string, status: "sent" | "cancelled", error: string | null): Promise<void> {
  await tx.$executeRaw`
    UPDATE notifications SET
      status = ${status}::notification_status,
      attempts = attempts + ${status === "sent" ? 1 : 0},
      last_error = ${error},
      sent_at = CASE WHEN ${status} = 'sent' THEN now() ELSE sent_at END
    WHERE id = ${id}::uuid`;
}

function composeEmail(n: Claimed, templates: NotificationTemplates, appUrl: string): OutgoingEmail {
  const render = templates[n.templateKey]?.email;
  if (!render) throw new Error(`No email template "${n.templateKey}"`);
  const jobType = jobTypes.get(n.job.jobType);
  const href = jobHref(jobType, n.job);
  const kind = ruleKindOf(n.rule);
  const content = render({
    jobType,
    job: n.job,
    kind,
    jobUrl: href ? new URL(href, appUrl).toString() : null,
    appUrl,
    recipient: { id: n.recipientId, email: n.email, name: n.name },
  });
  if (kind !== "reminder") return { to: n.email, ...content };

  // Every reminder can be turned off in one click (RFC 8058).
  const unsubscribe = new URL("/unsubscribe", appUrl);
  unsubscribe.searchParams.set("token", createUnsubscribeToken(n.recipientId));
  const url = unsubscribe.toString();
  return {
    to: n.email,
    subject: content.subject,
    text: `${content.text}\n\n--\nYou get this because a task is waiting for you. No more reminder emails: ${url}`,
    html: content.html.replace(
      "</body>",
      `<hr><p style="font-size: 0.85em; color: #555">You get this because a task is waiting for you. <a href="${escapeHtml(url)}">No more reminder emails</a></p>\n</body>`,
    ),
    headers: { "List-Unsubscribe": `<${url}>`, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" },
  };
}

function describe(error: unknown): string {
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return message.length > MAX_ERROR_LENGTH ? `${message.slice(0, MAX_ERROR_LENGTH - 1)}…` : message;
}
