import { z } from "zod";
import { type Db, Prisma } from "@/lib/db/client";
import { decodeCursor, encodeCursor } from "@/lib/db/keyset-cursor";
import { effectiveStatus, type JobStatus, jobHref, jobsTable, jobTypes } from "@/lib/jobs";
import { parseInput, uuidSchema } from "@/lib/jobs/validation";
import { log } from "@/lib/log";
import { type NotificationTemplates, notificationTemplates } from "./notification-templates";
import { ruleKindOf } from "./rule-key";

export interface InboxItem {
  id: string;
  /** What the notification says, rendered from its template. */
  title: string;
  body: string;
  /** The job it belongs to, its title from the registry and where it is done. */
  job: { id: string; type: string; title: string; href: string | null; status: JobStatus };
  /** "requested", "reminder" or "expired". */
  kind: "requested" | "reminder" | "expired" | "escalated";
  createdAt: Date;
  readAt: Date | null;
  /** The job finished: nothing left to do (shown as done, not counted unread). */
  resolvedAt: Date | null;
}

export interface InboxPage {
  items: InboxItem[];
  /** Pass back for the next (older) page; null on the last page. */
  nextCursor: string | null;
}

const optionsSchema = z.object({
  cursor: z.string().max(200, "The cursor is not one this list gave out.").nullish(),
  limit: z.number().int().min(1).max(100).default(20),
});

export type ListInboxOptions = z.input<typeof optionsSchema>;

interface Row {
  id: string;
  jobId: string;
  jobType: string;
  targetType: string;
  targetId: string;
  jobStatus: JobStatus;
  dueAt: Date | null;
  expiresAt: Date | null;
  jobCreatedAt: Date;
  templateKey: string;
  rule: string;
  createdAt: Date;
  readAt: Date | null;
  resolvedAt: Date | null;
}

/**
 * A person's in-app notifications, newest first, a page at a time (keyset
 * pagination on created_at, id over the inbox index). `userId` must come from
 * the session. Throws `invalid_input` for a cursor it did not give out.
 */
export async function listInbox(db: Db, userId: string, rawOptions: ListInboxOptions = {}): Promise<InboxPage> {
  const { cursor: rawCursor, limit } = parseInput(optionsSchema, rawOptions, "inbox page");
  const cursor = rawCursor ? decodeCursor(rawCursor) : null;
  const recipient = parseInput(uuidSchema, userId, "user id");
  const rows = await db.$queryRaw<Row[]>`
    SELECT n.id, n.job_id AS "jobId", j.job_type AS "jobType", j.target_type AS "targetType", j.target_id AS "targetId",
           j.status AS "jobStatus", j.due_at AS "dueAt", j.expires_at AS "expiresAt", j.created_at AS "jobCreatedAt",
           n.template_key AS "templateKey", n.rule, n.created_at AS "createdAt", n.read_at AS "readAt", n.resolved_at AS "resolvedAt"
    FROM notifications n JOIN ${jobsTable} j ON j.id = n.job_id
    WHERE n.recipient_id = ${recipient}::uuid AND n.channel = 'in_app'
      ${cursor ? Prisma.sql`AND (n.created_at, n.id) < (${cursor.createdAt}::timestamptz, ${cursor.id}::uuid)` : Prisma.empty}
    ORDER BY n.created_at DESC, n.id DESC
    LIMIT ${limit + 1}`;
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    items: page.map(toItem),
    nextCursor: rows.length > limit && last ? encodeCursor(last) : null,
  };
}

function toItem(row: Row): InboxItem {
  const def = jobTypes.get(row.jobType);
  const job = {
    id: row.jobId,
    jobType: row.jobType,
    targetType: row.targetType,
    targetId: row.targetId,
    dueAt: row.dueAt,
    expiresAt: row.expiresAt,
    createdAt: row.jobCreatedAt,
  };
  const href = jobHref(def, job);
  const kind = ruleKindOf(row.rule);
  const title = def?.title ?? row.jobType;
  let content = { title, body: def?.description ?? "" };
  const templates: NotificationTemplates = notificationTemplates;
  const render = templates[row.templateKey]?.inApp;
  try {
    if (render) content = render({ jobType: def, job, kind, jobUrl: href });
    else log.warn("inbox: no in-app template; showing the job title", { notificationId: row.id, templateKey: row.templateKey });
  } catch (error) {
    log.error("inbox: in-app template failed; showing the job title", { notificationId: row.id, templateKey: row.templateKey, error });
  }
  return {
    id: row.id,
    title: content.title,
    body: content.body,
    // A pending job past its expiry reads as expired before the sweep writes it down.
    job: { id: row.jobId, type: row.jobType, title, href, status: effectiveStatus({ status: row.jobStatus, expiresAt: row.expiresAt }) },
    kind,
    createdAt: row.createdAt,
    readAt: row.readAt,
    resolvedAt: row.resolvedAt,
  };
}
