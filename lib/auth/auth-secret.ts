import { z } from "zod";

// The secret that signs and encrypts session cookies. Framework-free so both
// the auth config (lib/server/auth.ts) and the start-up check
// (instrumentation.ts) use the same rule.

/** Only ever used by `next dev` and tests when AUTH_SECRET is unset. Never in production. */
const DEVELOPMENT_SECRET = "jtbd-development-only-secret-do-not-use-in-production";

const secretSchema = z.string().min(32, "AUTH_SECRET must be at least 32 characters long. Generate one with: openssl rand -base64 32");

export class MissingAuthSecretError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "MissingAuthSecretError";
  }
}

let warned = false;

/**
 * AUTH_SECRET when it is set and long enough. Outside production, an unset
 * secret falls back to a fixed development secret with a loud warning, so
 * `npm run dev` works out of the box. In production an unset or short secret
 * throws `MissingAuthSecretError`: signing sessions with a guessable key would
 * let anyone forge one.
 */
export function resolveAuthSecret(environment: Record<string, string | undefined> = process.env): string {
  const raw = environment.AUTH_SECRET;
  if (raw !== undefined && raw !== "") {
    const parsed = secretSchema.safeParse(raw);
    if (!parsed.success) throw new MissingAuthSecretError(parsed.error.issues.map((i) => i.message).join(" "));
    return parsed.data;
  }
  if (environment.NODE_ENV === "production") {
    throw new MissingAuthSecretError(
      "AUTH_SECRET is not set. It signs session cookies and is required in production. Generate one with: openssl rand -base64 32",
    );
  }
  if (!warned) {
    warned = true;
    console.warn(
      [
        "",
        "################################################################",
        "#  AUTH_SECRET is not set: using a fixed DEVELOPMENT secret.   #",
        "#  Anyone can forge sessions with it. Never deploy like this.  #",
        "#  Set AUTH_SECRET (openssl rand -base64 32) to silence this.  #",
        "################################################################",
        "",
      ].join("\n"),
    );
  }
  return DEVELOPMENT_SECRET;
}
