import type { SqlDb } from "@/lib/db/client";
import { findMentions } from "./mentions";

/** The rule a note's mention notifications are stored under: once per note and person (notifications_once_per_rule). */
export function mentionRule(noteId: string): string {
  return `mention:${noteId}`;
}

/** The note a notification's rule names, or null when it is no mention. */
export function noteIdOfRule(rule: string): string | null {
  return rule.startsWith("mention:") ? rule.slice("mention:".length) : null;
}

export const MENTION_TEMPLATE = "note-mention";

/**
 * Notifies, in the app, the staff members `body` mentions (see mentions.ts
 * for handles): one notification per note and person, belonging to the note's
 * job, so it is resolved when the job finishes like every other. A handle
 * that is nobody's, or a user's who is not staff, matches no one and notifies
 * no one; the author is never notified of their own note. ON CONFLICT makes an
 * edit notify only the people it newly mentions. Returns who was notified now.
 *
 * Call it in the transaction that wrote the note, and only while the job is
 * pending (a notification for a finished job would never be resolved).
 */
export async function notifyMentions(
  db: SqlDb,
  note: { id: string; jobId: string; authorId: string; body: string },
): Promise<{ id: string; name: string }[]> {
  const handles = findMentions(note.body);
  if (handles.length === 0) return [];
  // The roles are written into the statement so users_staff_idx (partial) can serve it.
  return db.$queryRaw<{ id: string; name: string }[]>`
    WITH notified AS (
      INSERT INTO notifications (id, job_id, recipient_id, channel, template_key, rule, status, sent_at, created_at)
      SELECT gen_random_uuid(), ${note.jobId}::uuid, u.id, 'in_app'::notification_channel, ${MENTION_TEMPLATE},
             ${mentionRule(note.id)}, 'sent'::notification_status, now(), now()
      FROM users u
      WHERE u.role IN ('staff', 'admin')
        AND lower(split_part(u.email, '@', 1)) = ANY(${handles}::text[])
        AND u.id <> ${note.authorId}::uuid
      ON CONFLICT (job_id, recipient_id, channel, rule) DO NOTHING
      RETURNING recipient_id
    )
    SELECT u.id::text AS id, COALESCE(u.name, u.email) AS name
    FROM notified n JOIN users u ON u.id = n.recipient_id
    ORDER BY name`;
}

/** A deleted note's mentions have nothing left to read: they leave the unread count (resolved), as when the job finishes. */
export async function resolveMentions(db: SqlDb, note: { id: string; jobId: string }): Promise<number> {
  return db.$executeRaw`
    UPDATE notifications SET resolved_at = now()
    WHERE job_id = ${note.jobId}::uuid AND rule = ${mentionRule(note.id)} AND channel = 'in_app' AND resolved_at IS NULL`;
}

/** A staff job's own page, where its notes are. */
export function staffJobHref(jobType: string, jobId: string): string {
  return `/staff/queues/${encodeURIComponent(jobType)}/${encodeURIComponent(jobId)}`;
}
