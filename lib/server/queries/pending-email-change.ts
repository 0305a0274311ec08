import "server-only";
import { z } from "zod";
import { type Db, Prisma, queryRows } from "@/lib/db/client";
import { jobsTable, pendingNow } from "@/lib/jobs";

/** The person's email change waiting for its link to be opened, or null. */
export async function pendingEmailChange(db: Db, userId: string): Promise<{ newEmail: string; expiresAt: Date | null } | null> {
  const [row] = await queryRows<{ metadata: unknown; expiresAt: Date | null }>(
    db,
    Prisma.sql`
      SELECT metadata, expires_at AS "expiresAt" FROM ${jobsTable}
      WHERE job_type = 'account.change-email' AND target_type = 'user' AND target_id = ${userId} AND ${pendingNow()}
      ORDER BY created_at DESC LIMIT 1`,
  );
  const metadata = z.object({ newEmail: z.string() }).safeParse(row?.metadata);
  return row && metadata.success ? { newEmail: metadata.data.newEmail, expiresAt: row.expiresAt } : null;
}
