import { createSignedToken, readSignedToken } from "./signed-token";

// The token in the "verify your email" link. Framework-free: the email is
// rendered by the worker, the link is opened on the web server.

const PURPOSE = "verify-email";

/** How long a verification link works. The reminder email carries a fresh one. */
export const VERIFY_EMAIL_TOKEN_TTL_SECONDS = 7 * 24 * 60 * 60;

export function createVerifyEmailToken(userId: string, options: { now?: Date } = {}): string {
  return createSignedToken(PURPOSE, userId, { expiresInSeconds: VERIFY_EMAIL_TOKEN_TTL_SECONDS, now: options.now });
}

/** The user to verify, or null for a link that was changed, cut off or has expired. */
export function verifyEmailToken(token: unknown, options: { now?: Date } = {}): { userId: string } | null {
  return readSignedToken(PURPOSE, token, options);
}
