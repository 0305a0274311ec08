import { resolveAuthSecret } from "@/lib/auth/auth-secret";
import { env } from "@/lib/env";

/**
 * The key that signs links sent by email: NOTIFICATIONS_SECRET, else
 * AUTH_SECRET (with its development fallback outside production). Read on each
 * call, so a worker started in-process by scripts/dev.ts after it set
 * AUTH_SECRET signs with the same key as the web server.
 */
export function notificationSecret(): string {
  return env.NOTIFICATIONS_SECRET ?? resolveAuthSecret();
}
