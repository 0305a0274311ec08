import pg from "pg";
import { RateLimiterPostgres, RateLimiterRes } from "rate-limiter-flexible";
import { log } from "@/lib/log";

// Requests per API key per minute, counted in PostgreSQL (rate-limiter-flexible's
// RateLimiterPostgres on the api_rate_limits table our migrations create), so
// every web server process shares one count per key.

export interface ApiRateLimit {
  /** Requests allowed per key and window. */
  points: number;
  windowSeconds: number;
}

export const DEFAULT_API_RATE_LIMIT: ApiRateLimit = { points: 600, windowSeconds: 60 };

export type ApiRateLimitOutcome =
  { allowed: true; remaining: number; resetSeconds: number } | { allowed: false; retryAfterSeconds: number };

export interface ApiRateLimiter {
  readonly limit: ApiRateLimit;
  consume(keyId: string): Promise<ApiRateLimitOutcome>;
  close(): Promise<void>;
}

export function createApiRateLimiter(connectionString: string, limit: ApiRateLimit = DEFAULT_API_RATE_LIMIT): ApiRateLimiter {
  const pool = new pg.Pool({ connectionString, max: 2 });
  // A dropped idle connection is replaced on demand; without a listener Node
  // would take the process down. Logged, as lib/db/client.ts does, so a
  // database that keeps dropping connections is seen.
  pool.on("error", (error) => log.warn("an idle rate-limit database connection was lost; the pool replaces it", { error: error.message }));
  const limiter = new RateLimiterPostgres({
    storeClient: pool,
    tableName: "api_rate_limits",
    tableCreated: true,
    keyPrefix: "api-key",
    points: limit.points,
    duration: limit.windowSeconds,
    // Expired rows are overwritten by the next hit of their key; no timer that keeps processes alive.
    clearExpiredByTimeout: false,
  });
  return {
    limit,
    async consume(keyId) {
      try {
        const res = await limiter.consume(keyId);
        return { allowed: true, remaining: res.remainingPoints, resetSeconds: Math.ceil(res.msBeforeNext / 1000) };
      } catch (rejection) {
        if (rejection instanceof RateLimiterRes)
          return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(rejection.msBeforeNext / 1000)) };
        throw rejection;
      }
    },
    close: () => pool.end(),
  };
}
