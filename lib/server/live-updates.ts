import "server-only";
import type { Db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { JobChangeListener } from "@/lib/live/job-change-listener";
import { liveStreamResponse } from "@/lib/live/live-stream";
import { type ActionResult, actionError } from "@/lib/validation/action-result";
import { db as appDb } from "./db";
import type { Actor } from "./session";

// The live-updates endpoint's server side: one listener per process (on
// globalThis, like the Prisma client, so Next's separate bundles and dev
// reloads share it) and the session checks around each person's stream.
//
// LISTEN needs a session of its own on PostgreSQL itself: behind PgBouncer in
// transaction mode it would not work, so the listener connects to
// DATABASE_DIRECT_URL when set (PostgreSQL directly), else DATABASE_URL. The
// embedded database (no DATABASE_URL: `npm run dev`'s PGlite) serves one
// backend to every connection and has no live updates: the endpoint says so
// with 204, which tells EventSource not to retry.

const holder = globalThis as unknown as { __jtbdLiveListener?: JobChangeListener | null };

/** This process's listener, or null when live updates are off (the embedded database). */
export function processListener(): JobChangeListener | null {
  if (holder.__jtbdLiveListener !== undefined) return holder.__jtbdLiveListener;
  const url = env.DATABASE_DIRECT_URL ?? env.DATABASE_URL;
  holder.__jtbdLiveListener = url ? new JobChangeListener({ connectionString: url }) : null;
  return holder.__jtbdLiveListener;
}

function refuse(result: ActionResult<never>, status: number): Response {
  return Response.json(result, { status, headers: { "Cache-Control": "no-store" } });
}

export interface LiveRequestDeps {
  db?: Db;
  listener?: JobChangeListener | null;
  /** The signed-in person (the session's), or null. */
  actor: Actor | null;
  heartbeatMs?: number;
  recheckMs?: number;
}

/**
 * The stream for the person signed in on `request`: 401 when signed out, 204
 * when live updates are off, else Server-Sent Events of the job changes they
 * may see. The stream ends when their session stops holding (re-read every
 * minute: signed out everywhere, a new password, another role, a deleted
 * account, another organisation); the browser then reconnects as who they are now.
 */
export async function liveUpdatesResponse(request: Request, deps: LiveRequestDeps): Promise<Response> {
  const db = deps.db ?? appDb;
  const listener = deps.listener === undefined ? processListener() : deps.listener;
  const { actor } = deps;
  if (!actor) return refuse(actionError("unauthenticated", "You are signed out. Sign in to get live updates."), 401);
  if (!listener) return new Response(null, { status: 204, headers: { "Cache-Control": "no-store" } });

  // What the session is now (and the person's organisation, whose team jobs
  // they see), to notice when it changes under an open stream.
  const read = () =>
    db.user.findUnique({
      where: { id: actor.id },
      select: { role: true, sessionVersion: true, membership: { select: { organisationId: true } } },
    });
  const at = await read();
  if (!at) return refuse(actionError("unauthenticated", "You are signed out. Sign in to get live updates."), 401);
  const organisationId = at.membership?.organisationId ?? null;
  const stillValid = async () => {
    const now = await read();
    return (
      now !== null &&
      now.role === at.role &&
      now.sessionVersion === at.sessionVersion &&
      (now.membership?.organisationId ?? null) === organisationId
    );
  };

  const lastEventId = request.headers.get("last-event-id");
  return liveStreamResponse({
    listener,
    viewer: { id: actor.id, role: actor.role, organisationId },
    stillValid,
    lastEventId: lastEventId && /^\d{1,20}$/.test(lastEventId) ? lastEventId : null,
    signal: request.signal,
    heartbeatMs: deps.heartbeatMs,
    recheckMs: deps.recheckMs,
  });
}
