import { getToken } from "next-auth/jwt";
import { z } from "zod";
import { resolveAuthSecret } from "./auth-secret";
import { ROLES, type Role } from "./roles";

/** The claims we put in the session token (lib/server/auth.ts), checked on the way out rather than trusted. */
export const claimsSchema = z.object({ sub: z.uuid(), role: z.enum(ROLES), sv: z.number().int().min(0).default(0) });

export interface SessionClaims {
  id: string;
  role: Role;
  sessionVersion: number;
}

const SESSION_COOKIE = "authjs.session-token";

/**
 * The session cookie's claims, or null: decrypted and checked (expiry
 * included) by Auth.js's own `getToken`, read the way the session callback in
 * lib/server/auth.ts reads them. Pages use this rather than `auth()`, which
 * replays Auth.js's session endpoint on every render: it decrypts the token,
 * then encrypts a refreshed one for a cookie a Server Component cannot set.
 * Only the Cookie header counts, never an Authorization header. Over HTTPS
 * Auth.js names the cookie `__Secure-…`, and browsers send that name only over
 * HTTPS, so its presence says which one to read.
 */
export async function readSessionClaims(cookieHeader: string | null): Promise<SessionClaims | null> {
  if (!cookieHeader?.includes(SESSION_COOKIE)) return null;
  const secureCookie = cookieHeader.includes(`__Secure-${SESSION_COOKIE}`);
  const token = await getToken({ req: { headers: { cookie: cookieHeader } }, secret: resolveAuthSecret(), secureCookie });
  const claims = claimsSchema.safeParse(token);
  return claims.success ? { id: claims.data.sub, role: claims.data.role, sessionVersion: claims.data.sv } : null;
}
