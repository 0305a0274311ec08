import { z } from "zod";
import { type Db, Prisma } from "@/lib/db/client";
import { decodeCursor, encodeCursor } from "@/lib/db/keyset-cursor";
import { effectiveStatus, type JobStatus, jobHref, jobsTable, jobTypes } from "@/lib/jobs";
import { parseInput, uuidSchema } from "@/lib/jobs/validation";
import { log } from "@/lib/log";
import { type NotificationTemplates, notificationTemplates } from "./notification-templates";
import { ruleKindOf } from "./rule-key";
import { noteIdOfRule, staffJobHref } from "@/lib/notes/notify-mentions";

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
  /** For a mention (lib/notes): who wrote the note, and its words (empty once deleted). */
  noteAuthor: string | null;
  noteBody: string | null;
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
           n.template_key AS "templateKey", n.rule, n.created_at AS "createdAt", n.read_at AS "readAt", n.resolved_at AS "resolvedAt",
           note."noteAuthor", note."noteBody"
    FROM notifications n JOIN ${jobsTable} j ON j.id = n.job_id
    -- A mention's note (its id is in the rule, lib/notes/notify-mentions.ts), by primary key per row of the page.
    LEFT JOIN LATERAL (
      SELECT COALESCE(a.name, a.email, 'A former staff member') AS "noteAuthor", jn.body AS "noteBody"
      FROM job_notes jn LEFT JOIN users a ON a.id = jn.author_id
      WHERE n.rule LIKE 'mention:%' AND jn.id = CASE WHEN n.rule LIKE 'mention:%' THEN substr(n.rule, 9)::uuid END
    ) note ON true
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
  const mention = noteIdOfRule(row.rule) !== null;
  try {
    if (mention) content = mentionContent(row, title);
    else if (render) content = render({ jobType: def, job, kind, jobUrl: href });
    else log.warn("inbox: no in-app template; showing the job title", { notificationId: row.id, templateKey: row.templateKey });
  } catch (error) {
    log.error("inbox: in-app template failed; showing the job title", { notificationId: row.id, templateKey: row.templateKey, error });
  }
  return {
    id: row.id,
    title: content.title,
    body: content.body,
    // A pending job past its expiry reads as expired before the sweep writes it down.
    // A mention is opened on the job's own staff page, where the note is.
    job: {
      id: row.jobId,
      type: row.jobType,
      title,
      href: mention ? staffJobHref(row.jobType, row.jobId) : href,
      status: effectiveStatus({ status: row.jobStatus, expiresAt: row.expiresAt }),
    },
    kind,
    createdAt: row.createdAt,
    readAt: row.readAt,
    resolvedAt: row.resolvedAt,
  };
}

/** How long a mention's excerpt of its note may be in the inbox. */
const EXCERPT_LENGTH = 200;

function mentionContent(row: Row, jobTitle: string): { title: string; body: string } {
  const title = `${row.noteAuthor ?? "A staff member"} mentioned you on “${jobTitle}”`;
  if (!row.noteBody) return { title, body: "The note was deleted since." };
  const body = row.noteBody.length > EXCERPT_LENGTH ? `${row.noteBody.slice(0, EXCERPT_LENGTH - 1).trimEnd()}…` : row.noteBody;
  return { title, body };
}
