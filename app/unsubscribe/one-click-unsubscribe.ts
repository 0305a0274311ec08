import type { Db } from "@/lib/db/client";
import { HTTP_STATUS, isAppError } from "@/lib/errors";
import { log } from "@/lib/log";
import { unsubscribeWithToken } from "@/lib/notifications";
import { type ActionResult, actionError, actionOk } from "@/lib/validation/action-result";

// RFC 8058 one-click unsubscribe, as POST /unsubscribe?token=… answers it: the
// mail client posts "List-Unsubscribe=One-Click" to the List-Unsubscribe URL,
// with no cookie, no session and no CSRF token. The signed token is the whole
// authority: it names the person, and all it can do is turn their reminder
// emails off. Kept apart from route.ts (which may export only HTTP methods) so
// tests call it with their own database.

function answer(result: ActionResult<unknown>): Response {
  return Response.json(result, { status: result.ok ? 200 : HTTP_STATUS[result.error.code], headers: { "Cache-Control": "no-store" } });
}

export async function oneClickUnsubscribe(db: Db, request: Request): Promise<Response> {
  let form: FormData;
  try {
    form = await request.formData();
  } catch (error) {
    // Converted, not rethrown: a body we cannot read is the caller's mistake. The reason is enough to log.
    log.info("one-click unsubscribe refused: body is not a form", {
      contentType: request.headers.get("content-type"),
      reason: error instanceof Error ? error.message : String(error),
    });
    return answer(actionError("invalid_input", 'Send "List-Unsubscribe=One-Click" as a form body (RFC 8058) to unsubscribe.'));
  }
  if (form.get("List-Unsubscribe") !== "One-Click") {
    return answer(actionError("invalid_input", 'Send "List-Unsubscribe=One-Click" as a form body (RFC 8058) to unsubscribe.'));
  }

  try {
    const { userId } = await unsubscribeWithToken(db, new URL(request.url).searchParams.get("token"));
    log.info("unsubscribed from reminder emails (one-click)", { userId });
    return answer(actionOk({ emailReminders: false }));
  } catch (error) {
    if (isAppError(error) && error.code !== "internal") {
      log.info("one-click unsubscribe refused", { code: error.code, reason: error.message });
      return answer(actionError(error.code, error.userMessage));
    }
    log.error("one-click unsubscribe failed", { error });
    return answer(actionError("internal", "Something went wrong on our side and nothing was changed. Please try again in a moment."));
  }
}
