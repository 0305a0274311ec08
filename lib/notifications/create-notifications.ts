import type PgBoss from "pg-boss";
import { Prisma, type SqlDb } from "@/lib/db/client";
import { jobsTable, jobTypes } from "@/lib/jobs";
import type { NotificationChannelName, NotificationRecipient, NotificationRule } from "@/lib/jobs/registry";
import { enqueueDeliveries } from "./enqueue-deliveries";
import { ruleKey } from "./rule-key";

export interface CreatedNotification {
  id: string;
  jobId: string;
  recipientId: string;
  channel: NotificationChannelName;
}

/** Users of a role; admin counts for every role. */
function rolesFor(recipient: Exclude<NotificationRecipient, "assignee">): string[] {
  const role = recipient.slice("role:".length);
  return role === "admin" ? ["admin"] : [role, "admin"];
}

function staffTypeKeys(): string[] {
  return jobTypes.byAudience("staff").map((def) => def.key);
}

function recipientsSql(to: readonly NotificationRecipient[]): Prisma.Sql {
  const parts = to.map((recipient) =>
    recipient === "assignee"
      ? // The assignee; for a user's own job (not a staff job about them) with nobody assigned, that user.
        Prisma.sql`
          SELECT tj.id AS job_id, u.id AS user_id, u.email_reminders
          FROM target_jobs tj
          JOIN users u ON u.id = COALESCE(
            tj.assigned_to_id::uuid,
            CASE WHEN tj.target_type = 'user' AND tj.target_id ~ '^[0-9a-fA-F-]{36}$' AND tj.job_type <> ALL(${staffTypeKeys()}::text[])
              THEN tj.target_id::uuid END)`
      : Prisma.sql`
          SELECT tj.id AS job_id, u.id AS user_id, u.email_reminders
          FROM target_jobs tj CROSS JOIN users u
          WHERE u.role::text = ANY(${rolesFor(recipient)}::text[])`,
  );
  return Prisma.join(parts, " UNION ALL ");
}

/**
 * Creates the notifications `rule` sends for each of `jobIds` (jobs of the type
 * that declares the rule), one per recipient and channel, and enqueues the
 * email ones on pg-boss, all in `db`: pass the transaction of the change, so
 * the notifications and their delivery jobs commit or roll back with it.
 *
 * In-app notifications are delivered by existing: they are created `sent`.
 * A reminder leaves out the email to people who turned reminders off. The
 * unique index makes a rule notify each person on each channel at most once
 * per job; what already exists is skipped (ON CONFLICT DO NOTHING), so calling
 * this again is harmless. Returns what was created.
 */
export async function createNotifications(
  db: SqlDb,
  jobIds: readonly string[],
  rule: NotificationRule,
  boss?: PgBoss,
): Promise<CreatedNotification[]> {
  if (jobIds.length === 0) return [];
  const created = await db.$queryRaw<CreatedNotification[]>`
    WITH target_jobs AS (
      SELECT id, job_type, assigned_to_id, target_type, target_id FROM ${jobsTable} WHERE id = ANY(${jobIds}::uuid[])
    ), recipients AS (
      SELECT DISTINCT job_id, user_id, email_reminders FROM (${recipientsSql(rule.to)}) r
    ), channels AS (
      SELECT unnest(${[...rule.channels]}::text[])::notification_channel AS channel
    )
    INSERT INTO notifications (id, job_id, recipient_id, channel, template_key, rule, status, sent_at, created_at)
    SELECT gen_random_uuid(), r.job_id, r.user_id, c.channel, ${rule.template}, ${ruleKey(rule)},
           (CASE WHEN c.channel = 'in_app' THEN 'sent' ELSE 'queued' END)::notification_status,
           CASE WHEN c.channel = 'in_app' THEN now() END,
           now()
    FROM recipients r CROSS JOIN channels c
    WHERE NOT (${rule.on === "reminder"} AND c.channel = 'email' AND NOT r.email_reminders)
    ON CONFLICT (job_id, recipient_id, channel, rule) DO NOTHING
    RETURNING id, job_id AS "jobId", recipient_id AS "recipientId", channel::text AS channel`;
  await enqueueDeliveries(
    db,
    created.filter((n) => n.channel === "email").map((n) => n.id),
    boss,
  );
  return created;
}
