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

/** `body` "." its signature for `purpose`: the mechanics every token in a link shares. */
export function signTokenBody(purpose: string, body: string, secret: string = notificationSecret()): string {
  return `${body}.${signature(purpose, body, secret).toString("base64url")}`;
}

/** The body of `token` when its signature for `purpose` is ours; else null (compared in constant time). */
export function verifiedTokenBody(purpose: string, token: string, secret: string = notificationSecret()): string | null {
  const [body, sig, extra] = token.split(".");
  if (!body || !sig || extra !== undefined) return null;
  const expected = signature(purpose, body, secret);
  const given = Buffer.from(sig, "base64url");
  return given.length === expected.length && timingSafeEqual(given, expected) ? body : null;
}

export function createSignedToken(purpose: string, userId: string, options: SignedTokenOptions = {}): string {
  const now = options.now ?? new Date();
  const payload: z.infer<typeof payloadSchema> = { p: purpose, u: z.uuid().parse(userId) };
  if (options.expiresInSeconds !== undefined) payload.e = Math.floor(now.getTime() / 1000) + options.expiresInSeconds;
  return signTokenBody(purpose, Buffer.from(JSON.stringify(payload)).toString("base64url"), options.secret);
}

/**
 * The user id a token for `purpose` was made for, or null when the token is
 * malformed, signed with another key or for another purpose, or expired.
 */
export function readSignedToken(
  purpose: string,
  token: unknown,
  options: Omit<SignedTokenOptions, "expiresInSeconds"> = {},
): { userId: string } | null {
  if (typeof token !== "string" || token.length > 1000) return null;
  const body = verifiedTokenBody(purpose, token, options.secret);
  if (body === null) return null;
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
