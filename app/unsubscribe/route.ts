import { db } from "@/lib/server/db";
import { oneClickUnsubscribe } from "./one-click-unsubscribe";

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

export function GET(request: Request): Response {
  const token = new URL(request.url).searchParams.get("token");
  const query = token === null ? "" : `?${new URLSearchParams({ token })}`;
  // 303: the page is fetched with GET. A relative Location keeps the host the
  // person used, whatever proxy sits in front of us.
  return new Response(null, { status: 303, headers: { Location: `${CONFIRM_PATH}${query}`, "Cache-Control": "no-store" } });
}

export function POST(request: Request): Promise<Response> {
  return oneClickUnsubscribe(db, request);
}
