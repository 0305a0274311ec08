import "server-only";
import { type Env, env } from "@/lib/env";

/**
 * Whether /dev/mailbox is served: only while no SMTP server is configured
 * (emails are captured in the database instead of sent), and outside
 * production unless DEV_MAILBOX=on (the browser tests run `next start` without
 * SMTP and read their mail there). Everywhere else the mailbox answers 404.
 * A misspelt DEV_MAILBOX is refused when the environment is loaded.
 */
export function devMailboxEnabled(settings: Pick<Env, "SMTP_URL" | "DEV_MAILBOX" | "NODE_ENV"> = env): boolean {
  if (settings.SMTP_URL) return false;
  if (settings.DEV_MAILBOX) return settings.DEV_MAILBOX === "on";
  return settings.NODE_ENV !== "production";
}
