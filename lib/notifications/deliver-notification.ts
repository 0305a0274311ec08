import type { Prisma, PrismaClient } from "@/lib/db/client";
import { jobHref, jobTypes, pendingNow } from "@/lib/jobs";
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
  /** Longest wait for a row another delivery holds. */
  lockTimeoutMs?: number;
}

export type DeliveryOutcome =
  | { status: "sent" }
  /** Nothing to do: already sent, cancelled or failed, or no longer wanted. */
  | { status: "skipped"; reason: string }
  /** This attempt failed and was recorded; pg-boss should retry. */
  | { status: "retry"; error: string }
  /** The last attempt failed: the notification is now `failed`. */
  | { status: "failed"; error: string };

interface Claimed {
  id: string;
  channel: "email" | "in_app";
  templateKey: string;
  rule: string;
  recipientId: string;
  email: string;
  name: string | null;
  emailReminders: boolean;
  jobPending: boolean;
  job: Pick<Job, "id" | "jobType" | "targetType" | "targetId" | "dueAt" | "expiresAt" | "createdAt">;
}

const MAX_ERROR_LENGTH = 2000;

/**
 * Delivers one notification, at most once however many workers try at the
 * same moment: the row is claimed with SELECT … FOR UPDATE on status 'queued'
 * in the delivery's transaction, and marked sent in that same transaction. A
 * second delivery of the same notification waits for the first and then finds
 * it no longer queued. (It waits rather than SKIP LOCKED: a row locked by a
 * transaction that then rolls back must still be delivered, not skipped.)
 *
 * A template that throws or a mail server that refuses or is down is recorded
 * on the row (`attempts`, `lastError`) and answered with "retry"; on the final
 * attempt the notification becomes `failed` with the error.
 *
 * The one window left: the mail server accepted the message and the process
 * died before COMMIT. The next attempt sends again; no SMTP delivery can be
 * both at-most-once and never-lost across such a crash.
 */
export async function deliverNotification(db: PrismaClient, notificationId: string, options: DeliverNotificationOptions): Promise<DeliveryOutcome> {
  const templates = options.templates ?? notificationTemplates;
  // Its own transaction, longer than the default: it may wait on a mail server.
  return db.$transaction(async (tx): Promise<DeliveryOutcome> => {
    await tx.$executeRawUnsafe(`SET LOCAL lock_timeout = '${Math.max(100, Math.floor(options.lockTimeoutMs ?? 15_000))}ms'`);
    const claimed = await claim(tx, notificationId);
    if (!claimed) return { status: "skipped", reason: "not queued (already sent, cancelled or failed)" };

    const kind = ruleKindOf(claimed.rule);
    if (!claimed.jobPending && kind !== "expired") {
      await finish(tx, claimed.id, "cancelled", null);
      return { status: "skipped", reason: "its job is no longer pending" };
    }
    if (claimed.channel === "email" && kind === "reminder" && !claimed.emailReminders) {
      await finish(tx, claimed.id, "cancelled", "The recipient turned reminder emails off.");
      return { status: "skipped", reason: "recipient opted out of reminder emails" };
    }
    if (claimed.channel === "in_app") {
      await finish(tx, claimed.id, "sent", null);
      return { status: "sent" };
    }

    // Rendering and sending get their own savepoint: a failure there (even one
    // that aborted a statement, like a refused capture) is rolled back to it and
    // then recorded, in a transaction that still commits.
    await tx.$executeRawUnsafe("SAVEPOINT jtbd_delivery");
    try {
      await options.mailer.send(tx, composeEmail(claimed, templates, options.appUrl), claimed.id);
      await tx.$executeRawUnsafe("RELEASE SAVEPOINT jtbd_delivery");
    } catch (error) {
      await tx.$executeRawUnsafe("ROLLBACK TO SAVEPOINT jtbd_delivery");
      const message = describe(error);
      await finish(tx, claimed.id, options.finalAttempt ? "failed" : "queued", message);
      return options.finalAttempt ? { status: "failed", error: message } : { status: "retry", error: message };
    }
    await finish(tx, claimed.id, "sent", null);
    return { status: "sent" };
  }, { maxWait: 10_000, timeout: 90_000 });
}

async function claim(tx: Prisma.TransactionClient, notificationId: string): Promise<Claimed | null> {
  const rows = await tx.$queryRaw<(Omit<Claimed, "job"> & Claimed["job"] & { jobId: string })[]>`
    SELECT n.id, n.channel::text AS channel, n.template_key AS "templateKey", n.rule, n.recipient_id AS "recipientId",
           u.email, u.name, u.email_reminders AS "emailReminders",
           ${pendingNow("j")} AS "jobPending",
           j.id AS "jobId", j.job_type AS "jobType", j.target_type AS "targetType", j.target_id AS "targetId",
           j.due_at AS "dueAt", j.expires_at AS "expiresAt", j.created_at AS "createdAt"
    FROM notifications n
    JOIN users u ON u.id = n.recipient_id
    JOIN jobs j ON j.id = n.job_id
    WHERE n.id = ${notificationId}::uuid AND n.status = 'queued'
    FOR UPDATE OF n`;
  const row = rows[0];
  if (!row) return null;
  const { jobId, jobType, targetType, targetId, dueAt, expiresAt, createdAt, ...rest } = row;
  return { ...rest, job: { id: jobId, jobType, targetType, targetId, dueAt, expiresAt, createdAt } };
}

async function finish(tx: Prisma.TransactionClient, id: string, status: "sent" | "queued" | "failed" | "cancelled", error: string | null): Promise<void> {
  const attempted = status === "sent" || status === "queued" || status === "failed";
  await tx.$executeRaw`
    UPDATE notifications SET
      status = ${status}::notification_status,
      attempts = attempts + ${attempted ? 1 : 0},
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
