import "server-only";
import type { Db } from "@/lib/db/client";
import type { CapturedEmailRow } from "@/lib/notifications";

/**
 * One captured email for the dev mailbox, or null. `viewer` comes from the
 * session: someone who is not an admin gets only email sent to their own
 * address, and null for anyone else's, exactly as for one that does not exist.
 */
export async function getCapturedEmail(db: Db, id: string, viewer: { email: string; isAdmin: boolean }): Promise<CapturedEmailRow | null> {
  const email = await db.capturedEmail.findUnique({
    where: { id },
    select: { id: true, notificationId: true, to: true, subject: true, text: true, html: true, createdAt: true },
  });
  if (!email) return null;
  // Addresses are stored lowercased (sign-up lowercases them).
  if (!viewer.isAdmin && email.to !== viewer.email.toLowerCase()) return null;
  return email;
}
