import { createHmac, timingSafeEqual } from "node:crypto";
import { z } from "zod";
import { notificationSecret } from "./notification-secret";

// Compact signed tokens for links in emails: base64url(JSON payload) "."
// base64url(HMAC-SHA256). The purpose is part of what is signed, so a token
// made for one link (unsubscribe) is refused by another (verify email).

const payloadSchema = z.object({
  /** What the token is for. */
  p: z.string(),
  /** The user it is about. */
  u: z.uuid(),
  /** Expiry, seconds since the epoch; absent: never expires. */
  e: z.number().int().optional(),
});

export interface SignedTokenOptions {
  /** Seconds the token stays valid; forever when omitted. */
  expiresInSeconds?: number;
  secret?: string;
  now?: Date;
}

function signature(purpose: string, body: string, secret: string): Buffer {
  return createHmac("sha256", secret).update(`jtbd:${purpose}:${body}`).digest();
}

export function createSignedToken(purpose: string, userId: string, options: SignedTokenOptions = {}): string {
  const now = options.now ?? new Date();
  const payload: z.infer<typeof payloadSchema> = { p: purpose, u: z.uuid().parse(userId) };
  if (options.expiresInSeconds !== undefined) payload.e = Math.floor(now.getTime() / 1000) + options.expiresInSeconds;
  const body = Buffer.from(JSON.stringify(payload)).toString("base64url");
  return `${body}.${signature(purpose, body, options.secret ?? notificationSecret()).toString("base64url")}`;
}

/**
 * The user id a token for `purpose` was made for, or null when the token is
 * malformed, signed with another key or for another purpose, or expired.
 */
export function readSignedToken(purpose: string, token: unknown, options: Omit<SignedTokenOptions, "expiresInSeconds"> = {}): { userId: string } | null {
  if (typeof token !== "string" || token.length > 1000) return null;
  const [body, sig, extra] = token.split(".");
  if (!body || !sig || extra !== undefined) return null;
  const expected = signature(purpose, body, options.secret ?? notificationSecret());
  const given = Buffer.from(sig, "base64url");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(body, "base64url").toString("utf8"));
  } catch {
    // Cannot happen for a body we signed; a forged one was refused above.
    return null;
  }
  const parsed = payloadSchema.safeParse(json);
  if (!parsed.success || parsed.data.p !== purpose) return null;
  const now = options.now ?? new Date();
  if (parsed.data.e !== undefined && parsed.data.e * 1000 <= now.getTime()) return null;
  return { userId: parsed.data.u };
}
