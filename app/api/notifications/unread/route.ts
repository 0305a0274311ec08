import { log } from "@/lib/log";
import { unreadCount } from "@/lib/notifications";
import { db } from "@/lib/server/db";
import { getActor } from "@/lib/server/session";
import { type ActionResult, actionError, actionOk } from "@/lib/validation/action-result";

// The number on the bell, polled by the navigation (on focus and every 30 s).
// Only ever the signed-in person's own count: there is no parameter to ask
// for anyone else's.

function answer(result: ActionResult<{ unread: number }>, status: number): Response {
  // Never cached: the count changes whenever a job does.
  return Response.json(result, { status, headers: { "Cache-Control": "no-store" } });
}

export async function GET(): Promise<Response> {
  try {
    const actor = await getActor();
    if (!actor) return answer(actionError("unauthenticated", "You are signed out. Sign in to see your notifications."), 401);
    return answer(actionOk({ unread: await unreadCount(db, actor.id) }), 200);
  } catch (error) {
    log.error("unread count failed", { error });
    return answer(actionError("internal", "We could not count your notifications just now."), 500);
  }
}
