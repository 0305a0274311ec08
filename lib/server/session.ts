import "server-only";
import { headers } from "next/headers";
import { forbidden, redirect } from "next/navigation";
import { cache } from "react";
import { REQUEST_PATH_HEADER } from "@/lib/auth/request-path";
import { hasRole, type Role } from "@/lib/auth/roles";
import { safeCallbackUrl } from "@/lib/validation/auth";
import { readSessionClaims } from "@/lib/auth/session-claims";
import { Prisma, queryRows } from "@/lib/db/client";
import { db } from "./db";

/** The signed-in person, as the database says now (not as the cookie remembers). */
export interface Actor {
  id: string;
  email: string;
  name: string | null;
  role: Role;
}

/**
 * The signed-in person, or null. Reads the session cookie, then the user row,
 * so a deleted account is signed out and a changed role applies at once. A
 * cookie issued before the user's session version was raised (sign out
 * everywhere, a new password) counts as signed out, even a copy of it.
 * Cached per request: the layout and the page share one lookup.
 */
export const getActor = cache(async (): Promise<Actor | null> => {
  const claims = await readSessionClaims((await headers()).get("cookie"));
  if (!claims) return null;
  // On every signed-in render: through pg directly (queryRows), not the Prisma query engine.
  const [user] = await queryRows<Actor & { sessionVersion: number }>(
    db,
    Prisma.sql`SELECT id, email, name, role::text AS role, session_version AS "sessionVersion" FROM users WHERE id = ${claims.id}::uuid`,
  );
  if (!user || user.sessionVersion !== claims.sessionVersion) return null;
  return { id: user.id, email: user.email, name: user.name, role: user.role };
});

/** For pages: the signed-in person, or a redirect to sign-in that comes back here afterwards. */
export async function requireUser(): Promise<Actor> {
  const actor = await getActor();
  if (!actor) {
    const back = safeCallbackUrl((await headers()).get(REQUEST_PATH_HEADER), "/todo");
    redirect(`/signin?callbackUrl=${encodeURIComponent(back)}`);
  }
  return actor;
}

/**
 * For pages: the signed-in person if their role is one of `roles` (admin
 * always is). Signed out: redirect to sign-in. Wrong role: Next's
 * `forbidden()`, which renders app/forbidden.tsx with status 403.
 */
export async function requireRole(...roles: Role[]): Promise<Actor> {
  const actor = await requireUser();
  if (!hasRole(actor.role, roles)) forbidden();
  return actor;
}
