import "server-only";
import { z } from "zod";
import { markAllRead } from "@/lib/notifications";
import { command } from "../command";

/** "Mark all as read" in the inbox: every unread in-app notification of the signed-in person, nobody else's. */
export const markAllMyNotificationsRead = command({ name: "markAllMyNotificationsRead", input: z.object({}) }, async ({ actor, db }) => {
  return markAllRead(db, actor.id);
});
