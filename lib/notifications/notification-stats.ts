import { z } from "zod";
import { type Db, Prisma } from "@/lib/db/client";
import { jobsTable, jobTypes } from "@/lib/jobs";
import { parseInput } from "@/lib/jobs/validation";

export interface NotificationStatsRow {
  jobType: string;
  title: string;
  /** Notifications that reached their recipient (email sent, in-app shown). */
  sent: number;
  /** Of those, in-app ones the recipient opened. */
  read: number;
  /** Of those sent, the ones whose job was completed within 7 days of sending. */
  actioned: number;
  /** Email deliveries that gave up after their last retry. */
  failed: number;
}

const optionsSchema = z.object({
  /** Only notifications created from this time on. */
  since: z.date().optional(),
});

/**
 * Per job type: notifications sent, read and actioned within 7 days, counted
 * by PostgreSQL in one aggregate query (no rows loaded into memory). Job types
 * with no notifications in the window are left out.
 */
export async function notificationStats(db: Db, rawOptions: z.input<typeof optionsSchema> = {}): Promise<NotificationStatsRow[]> {
  const { since } = parseInput(optionsSchema, rawOptions, "notification stats options");
  const rows = await db.$queryRaw<Omit<NotificationStatsRow, "title">[]>`
    SELECT j.job_type AS "jobType",
           count(*) FILTER (WHERE n.status = 'sent')::int AS sent,
           count(*) FILTER (WHERE n.status = 'sent' AND n.read_at IS NOT NULL)::int AS read,
           count(*) FILTER (WHERE n.status = 'sent' AND n.actioned_at IS NOT NULL AND n.actioned_at <= n.sent_at + interval '7 days')::int AS actioned,
           count(*) FILTER (WHERE n.status = 'failed')::int AS failed
    FROM notifications n JOIN ${jobsTable} j ON j.id = n.job_id
    ${since ? Prisma.sql`WHERE n.created_at >= ${since}::timestamptz` : Prisma.empty}
    GROUP BY j.job_type
    ORDER BY j.job_type`;
  return rows.map((row) => ({ ...row, title: jobTypes.get(row.jobType)?.title ?? row.jobType }));
}
