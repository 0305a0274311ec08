import { z } from "zod";
import { type Db, Prisma } from "@/lib/db/client";
import { parseInput } from "@/lib/jobs/validation";

export interface CapturedEmailRow {
  id: string;
  notificationId: string | null;
  to: string;
  subject: string;
  text: string;
  html: string | null;
  createdAt: Date;
}

const optionsSchema = z.object({
  /** Addresses are stored lowercased (sign-up lowercases them). */
  to: z.string().trim().toLowerCase().max(320).optional(),
  limit: z.number().int().min(1).max(200).default(50),
});

/**
 * The dev mailbox: emails captured while no SMTP server is configured, newest
 * first, optionally only those to one address. Development only: the page that
 * shows them must not be served in production.
 */
export async function listCapturedEmails(db: Db, rawOptions: z.input<typeof optionsSchema> = {}): Promise<CapturedEmailRow[]> {
  const { to, limit } = parseInput(optionsSchema, rawOptions, "mailbox filter");
  return db.$queryRaw<CapturedEmailRow[]>`
    SELECT id, notification_id AS "notificationId", "to", subject, text, html, created_at AS "createdAt"
    FROM captured_emails
    ${to ? Prisma.sql`WHERE "to" = ${to}` : Prisma.empty}
    ORDER BY created_at DESC, id DESC
    LIMIT ${limit}`;
}
