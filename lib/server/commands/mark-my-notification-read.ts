import "server-only";
import { z } from "zod";
import { markRead } from "@/lib/notifications";
import { command } from "../command";

export const markMyNotificationReadSchema = z.object({
  notificationId: z.uuid({ error: "That is not a valid notification id." }),
});
export type MarkMyNotificationReadInput = z.infer<typeof markMyNotificationReadSchema>;

/**
 * Marks one of the signed-in person's in-app notifications read. The id comes
 * from the browser, the recipient from the session: someone else's
 * notification is answered `not_found` (as if it did not exist) and nothing
 * changes. Marking it again is harmless (`changed: false`).
 */
export const markMyNotificationRead = command(
  { name: "markMyNotificationRead", input: markMyNotificationReadSchema },
  async ({ actor, input, db }) => {
    const { changed } = await markRead(db, actor.id, input.notificationId);
    return { notificationId: input.notificationId, changed };
  },
);
