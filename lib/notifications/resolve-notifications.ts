import type { SqlDb } from "@/lib/db/client";

export type JobEnding = "completed" | "cancelled" | "expired";

export interface ResolvedNotifications {
  cancelled: number;
  resolved: number;
  actioned: number;
}

/**
 * What a job's ending does to its notifications, in one statement: queued ones
 * are cancelled (their delivery jobs find nothing to send), in-app ones are
 * resolved (they leave the unread count), and, when the job was completed,
 * those already sent are marked actioned: the job got done after the person
 * was notified. Run it in the transaction that ended the job.
 */
export async function resolveNotifications(db: SqlDb, jobId: string, ending: JobEnding): Promise<ResolvedNotifications> {
  const completed = ending === "completed";
  // Every CASE reads the row as it was before this UPDATE.
  const [counts] = await db.$queryRaw<{ cancelled: number; resolved: number; actioned: number }[]>`
    WITH changed AS (
      UPDATE notifications SET
        status = CASE WHEN status = 'queued' THEN 'cancelled'::notification_status ELSE status END,
        resolved_at = CASE WHEN channel = 'in_app' AND resolved_at IS NULL THEN now() ELSE resolved_at END,
        actioned_at = CASE WHEN ${completed} AND status = 'sent' AND actioned_at IS NULL THEN now() ELSE actioned_at END
      WHERE job_id = ${jobId}::uuid
        AND (status = 'queued'
          OR (channel = 'in_app' AND resolved_at IS NULL)
          OR (${completed} AND status = 'sent' AND actioned_at IS NULL))
      RETURNING status, resolved_at, actioned_at, channel
    )
    SELECT
      count(*) FILTER (WHERE status = 'cancelled')::int AS cancelled,
      count(*) FILTER (WHERE channel = 'in_app')::int AS resolved,
      count(*) FILTER (WHERE actioned_at IS NOT NULL)::int AS actioned
    FROM changed`;
  return counts ?? { cancelled: 0, resolved: 0, actioned: 0 };
}
