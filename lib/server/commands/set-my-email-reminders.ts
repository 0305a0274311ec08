import "server-only";
import { z } from "zod";
import { setEmailReminders } from "@/lib/notifications";
import { command } from "../command";

export const setMyEmailRemindersSchema = z.object({
  enabled: z.boolean({ error: "Choose whether to get reminder emails." }),
});
export type SetMyEmailRemindersInput = z.infer<typeof setMyEmailRemindersSchema>;

/**
 * The signed-in person's own email preference: reminder emails about pending
 * jobs on or off. In-app notifications and emails they ask for (the
 * verification link) are not affected.
 */
export const setMyEmailReminders = command(
  { name: "setMyEmailReminders", input: setMyEmailRemindersSchema },
  async ({ actor, input, db }) => {
    return setEmailReminders(db, actor.id, input.enabled);
  },
);
