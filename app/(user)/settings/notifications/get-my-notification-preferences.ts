import "server-only";
import type { Db } from "@/lib/db/client";

/** The preferences form's saved values: the signed-in person's own row only. */
export async function getMyNotificationPreferences(db: Db, userId: string): Promise<{ email: string; emailReminders: boolean }> {
  return db.user.findUniqueOrThrow({ where: { id: userId }, select: { email: true, emailReminders: true } });
}
