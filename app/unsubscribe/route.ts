import { HTTP_STATUS, isAppError } from "@/lib/errors";
import { log } from "@/lib/log";
import { unsubscribeWithToken } from "@/lib/notifications";
import { db } from "@/lib/server/db";
import { type ActionResult, actionError, actionOk } from "@/lib/validation/action-result";

// The address every reminder email carries in its List-Unsubscribe header
// (lib/notifications/deliver-notification.ts): /unsubscribe?token=…
//
// - POST is RFC 8058 one-click unsubscribe: the mail client posts
//   "List-Unsubscribe=One-Click" to that exact URL, with no cookie, no session
//   and no CSRF token. The signed token is the whole authority: it names the
//   person, and all it can do is turn their reminder emails off.
// - GET is a person (or a mail scanner that follows every link) opening the
//   link from the email footer. It must not change anything, so it only sends
//   them on to the page that asks first (/unsubscribe/confirm).
//
// Why a route and not the page itself: Next.js renders a page for a form POST
// that is not a server action and does nothing else, and a page and a route
// cannot share one path.

const CONFIRM_PATH = "/unsubscribe/confirm";

function answer(result: ActionResult<unknown>): Response {
  return Response.json(result, { status: result.ok ? 200 : HTTP_STATUS[result.error.code], headers: { "Cache-Control": "no-store" } });
}

export function GET(request: Request): Response {
  const token = new URL(request.url).searchParams.get("token");
  const query = token === null ? "" : `?${new URLSearchParams({ token })}`;
  // 303: the page is fetched with GET. A relative Location keeps the host the
  // person used, whatever proxy sits in front of us.
  return new Response(null, { status: 303, headers: { Location: `${CONFIRM_PATH}${query}`, "Cache-Control": "no-store" } });
}

export async function POST(request: Request): Promise<Response> {
  let form: FormData;
  try {
    form = await request.formData();
  } catch (error) {
    // Converted, not rethrown: a body we cannot read is the caller's mistake. The reason is enough to log.
    log.info("one-click unsubscribe refused: body is not a form", { contentType: request.headers.get("content-type"), reason: error instanceof Error ? error.message : String(error) });
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
