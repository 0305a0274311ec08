import type { Db } from "@/lib/db/client";
import { parseInput, uuidSchema } from "@/lib/jobs/validation";

/** Marks all of the person's unread in-app notifications read; returns how many. `userId` must come from the session. */
export async function markAllRead(db: Db, userId: string): Promise<{ changed: number }> {
  const recipient = parseInput(uuidSchema, userId, "user id");
  const changed = await db.$executeRaw`
    UPDATE notifications SET read_at = now()
    WHERE recipient_id = ${recipient}::uuid AND channel = 'in_app' AND read_at IS NULL`;
  return { changed };
}
