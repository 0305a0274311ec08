import type { Db } from "@/lib/db/client";
import { log } from "@/lib/log";
import { unreadCount } from "@/lib/notifications";
import type { Actor } from "@/lib/server/session";
import { type ActionResult, actionError, actionOk } from "@/lib/validation/action-result";

// The number on the bell, polled by the navigation (on focus and every 30 s).
// Only ever the signed-in person's own count: there is no parameter to ask
// for anyone else's. Kept apart from route.ts (which may export only HTTP
// methods) so tests can call it with a real database and a real person.

function answer(result: ActionResult<{ unread: number }>, status: number): Response {
  // Never cached: the count changes whenever a job does.
  return Response.json(result, { status, headers: { "Cache-Control": "no-store" } });
}

export async function unreadCountResponse(db: Db, actor: Actor | null): Promise<Response> {
  try {
    if (!actor) return answer(actionError("unauthenticated", "You are signed out. Sign in to see your notifications."), 401);
    return answer(actionOk({ unread: await unreadCount(db, actor.id) }), 200);
  } catch (error) {
    log.error("unread count failed", { error, actorId: actor?.id });
    return answer(actionError("internal", "We could not count your notifications just now."), 500);
  }
}
