import { type Db, Prisma, queryRows } from "@/lib/db/client";
import { parseInput, uuidSchema } from "@/lib/jobs/validation";

/**
 * The number on the bell: in-app notifications neither read nor resolved. The
 * WHERE clause is the predicate of the partial index notifications_unread_idx,
 * so this counts index entries only. `userId` must come from the session.
 */
export async function unreadCount(db: Db, userId: string): Promise<number> {
  const recipient = parseInput(uuidSchema, userId, "user id");
  // queryRows: on every page render and bell poll, so through pg directly (lib/db/client.ts).
  const [row] = await queryRows<{ count: number }>(
    db,
    Prisma.sql`
      SELECT count(*)::int AS count FROM notifications
      WHERE recipient_id = ${recipient}::uuid AND channel = 'in_app' AND read_at IS NULL AND resolved_at IS NULL`,
  );
  return row?.count ?? 0;
}
