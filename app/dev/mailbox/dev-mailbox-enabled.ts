import "server-only";
import { z } from "zod";
import { env } from "@/lib/env";
import { log } from "@/lib/log";

const flagSchema = z.enum(["on", "off"]).optional();
let warned = false;

/**
 * DEV_MAILBOX, read here because lib/env.ts is not this feature's file (it
 * belongs there; see the notifications hand-over). "on" serves the mailbox
 * in a production build too, which the end-to-end tests need (they run
 * `next start` without SMTP and read their mail there); "off" hides it in
 * development. A value that is neither is ignored with a warning, so a typo
 * can only ever hide the mailbox, never break pages.
 */
function flag(): "on" | "off" | undefined {
  const parsed = flagSchema.safeParse(process.env.DEV_MAILBOX || undefined);
  if (parsed.success) return parsed.data;
  if (!warned) {
    warned = true;
    log.warn('DEV_MAILBOX must be "on" or "off"; ignoring it', { value: process.env.DEV_MAILBOX });
  }
  return "off";
}

/**
 * Whether /dev/mailbox is served: only while no SMTP server is configured
 * (emails are captured in the database instead of sent), and outside
 * production unless DEV_MAILBOX=on. Everywhere else the mailbox answers 404.
 */
export function devMailboxEnabled(): boolean {
  if (env.SMTP_URL) return false;
  const setting = flag();
  if (setting) return setting === "on";
  return env.NODE_ENV !== "production";
}
