import type { Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { parseInput, uuidSchema } from "@/lib/jobs/validation";

/**
 * Marks one of the person's in-app notifications read. `userId` must come from
 * the session; the id may come from the browser: a notification that is not
 * theirs is answered `not_found`, exactly like one that does not exist, and
 * nothing changes. Marking a read notification again changes nothing.
 */
export async function markRead(db: Db, userId: string, notificationId: unknown): Promise<{ changed: boolean }> {
  const recipient = parseInput(uuidSchema, userId, "user id");
  const id = parseInput(uuidSchema, notificationId, "notification id");
  const [row] = await db.$queryRaw<{ changed: boolean }[]>`
    WITH mine AS (
      SELECT id, read_at FROM notifications
      WHERE id = ${id}::uuid AND recipient_id = ${recipient}::uuid AND channel = 'in_app'
    ), changed AS (
      UPDATE notifications n SET read_at = now() FROM mine
      WHERE n.id = mine.id AND mine.read_at IS NULL
      RETURNING n.id
    )
    SELECT EXISTS (SELECT 1 FROM changed) AS changed FROM mine`;
  if (!row) throw new AppError("not_found", "That notification does not exist.");
  return { changed: row.changed };
}
