import type { Db } from "@/lib/db/client";

/**
 * Ends every session of the user, on every device, including copies of a
 * session cookie: raising the session version makes every cookie issued
 * before fail the check in lib/server/session.ts on its next request.
 */
export async function signOutEverywhere(db: Db, userId: string): Promise<void> {
  await db.user.updateMany({ where: { id: userId }, data: { sessionVersion: { increment: 1 } } });
}
