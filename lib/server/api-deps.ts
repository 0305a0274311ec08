import "server-only";
import type { ApiDeps, ApiRoute } from "@/lib/api/api-route";
import { createApiRateLimiter } from "@/lib/api/api-rate-limiter";
import { embeddedUrl } from "@/lib/db/resolve-url";
import { env } from "@/lib/env";
import { db } from "./db";

// What the /api/v1 route handlers run on in the web server: the app's
// database and one per-key rate limiter per process (its counts live in
// PostgreSQL, shared by every process).

const holder = globalThis as unknown as { __jtbdApiDeps?: ApiDeps };

function apiDeps(): ApiDeps {
  return (holder.__jtbdApiDeps ??= {
    db,
    rateLimiter: createApiRateLimiter(env.DATABASE_URL ?? embeddedUrl(), { points: env.API_RATE_LIMIT_PER_MINUTE, windowSeconds: 60 }),
    allowPrivateWebhooks: env.WEBHOOKS_ALLOW_PRIVATE === "on",
  });
}

type RouteContext = { params: Promise<Record<string, string | string[] | undefined>> };

/** A Next route handler for an API route: `export const POST = serveApiRoute(requestJobRoute)`. */
export function serveApiRoute(route: ApiRoute) {
  return async (request: Request, context: RouteContext): Promise<Response> => route.handle(apiDeps(), request, await context.params);
}
