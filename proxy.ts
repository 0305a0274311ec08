import { type NextRequest, NextResponse } from "next/server";
import { REQUEST_PATH_HEADER } from "@/lib/auth/request-path";
import { contentSecurityPolicy, isHttps, newNonce } from "@/lib/security/content-security-policy";

const HSTS = "max-age=63072000; includeSubDomains";

// Authorisation does NOT happen here: pages and actions check the session
// themselves. The proxy tells Server Components which path they render (they
// cannot read the URL), so sign-in can bring a person back to it, and gives
// every page its own script nonce. The headers that do not change per request
// come from next.config.js, for every path.
export function proxy(request: NextRequest) {
  const https = isHttps(request.nextUrl, request.headers);
  const csp = contentSecurityPolicy({ nonce: newNonce(), dev: process.env.NODE_ENV === "development", https });

  const headers = new Headers(request.headers);
  // Overwrite whatever the browser sent under these names.
  headers.set(REQUEST_PATH_HEADER, request.nextUrl.pathname + request.nextUrl.search);
  // Next takes the nonce for its own scripts from the request's CSP header.
  headers.set("content-security-policy", csp);

  const response = NextResponse.next({ request: { headers } });
  response.headers.set("Content-Security-Policy", csp);
  if (https) response.headers.set("Strict-Transport-Security", HSTS);
  return response;
}

export const config = {
  // Pages and the route handlers beside them. Not the auth API, static files
  // or the favicon (next.config.js gives them a fixed policy), nor the stored
  // documents, whose route sets a sandboxing policy of its own.
  matcher: ["/((?!api/|_next/static|_next/image|favicon\\.svg|staff/documents/[^/]+/file).*)"],
};
