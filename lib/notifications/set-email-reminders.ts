import { z } from "zod";
import type { Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { parseInput, uuidSchema } from "@/lib/jobs/validation";

const enabledSchema = z.boolean({ error: "Choose whether to get reminder emails." });

/**
 * The email preference: reminder emails on or off (emails a person asked for,
 * like the verification link, and in-app notifications are not affected).
 * `userId` must come from the session. Reminders already queued for someone
 * who turns them off are not sent.
 */
export async function setEmailReminders(db: Db, userId: string, enabled: unknown): Promise<{ emailReminders: boolean }> {
  const id = parseInput(uuidSchema, userId, "user id");
  const value = parseInput(enabledSchema, enabled, "email preference");
  const changed = await db.$executeRaw`UPDATE users SET email_reminders = ${value}, updated_at = now() WHERE id = ${id}::uuid`;
  if (changed === 0) throw new AppError("not_found", "This account no longer exists.");
  return { emailReminders: value };
}
