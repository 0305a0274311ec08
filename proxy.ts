import { type NextRequest, NextResponse } from "next/server";
import { REQUEST_PATH_HEADER } from "@/lib/auth/request-path";

// Authorisation does NOT happen here: pages and actions check the session
// themselves. The proxy only tells Server Components which path they render
// (they cannot read the URL), so sign-in can bring a person back to it.
export function proxy(request: NextRequest) {
  const headers = new Headers(request.headers);
  // Overwrite whatever the browser sent under this name.
  headers.set(REQUEST_PATH_HEADER, request.nextUrl.pathname + request.nextUrl.search);
  return NextResponse.next({ request: { headers } });
}

export const config = {
  // Pages only: not the auth API, static files or the favicon.
  matcher: ["/((?!api/|_next/static|_next/image|favicon\\.svg).*)"],
};
