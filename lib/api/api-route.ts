import { createHash } from "node:crypto";
import type { z } from "zod";
import type { Prisma, PrismaClient } from "@/lib/db/client";
import { log } from "@/lib/log";
import { type ApiCaller, authenticateApiKey } from "./api-keys";
import type { ApiRateLimiter } from "./api-rate-limiter";
import type { ApiScope } from "./api-scopes";
import { ApiProblem, problemBody, problemOf, problemResponse, validationProblem } from "./problem";

// The ONE wrapper every /api/v1 route goes through, so a handler is only
// "validate, call, answer": it authenticates the key, checks the scope,
// applies the per-key rate limit, reads and validates path, query and body
// with the route's zod schemas (the same ones the OpenAPI document is made
// from), runs writes in a transaction with their Idempotency-Key claimed
// first, and turns every refusal into application/problem+json. Anything
// unexpected is logged and answered with a plain 500 that leaks nothing.

export interface ApiDeps {
  db: PrismaClient;
  rateLimiter: ApiRateLimiter;
  /** Webhook endpoints may be on private addresses (WEBHOOKS_ALLOW_PRIVATE=on; tests). */
  allowPrivateWebhooks: boolean;
}

export type HttpMethod = "GET" | "POST" | "PATCH" | "DELETE";

/** A request body larger than this is refused unread (metadata is capped at 16 KB; this leaves room for the rest). */
export const MAX_BODY_BYTES = 64 * 1024;

type AnyObject = z.ZodType<Record<string, unknown>, Record<string, unknown>>;

export interface ApiRouteDefinition<
  Params extends AnyObject | undefined,
  Query extends AnyObject | undefined,
  Body extends z.ZodType | undefined,
> {
  method: HttpMethod;
  /** As OpenAPI writes it: /api/v1/jobs/{jobId}. */
  path: string;
  operationId: string;
  summary: string;
  description?: string;
  tag: string;
  scope: ApiScope;
  params?: Params;
  query?: Query;
  body?: Body;
  response: { status: 200 | 201; description: string; schema: z.ZodType };
  /** Problem statuses this route may answer besides the ones every route may (400, 401, 403, 413, 415, 422, 429). */
  problems?: number[];
  /**
   * Runs on the validated input before a write's transaction opens, for slow
   * checks (a webhook URL's DNS lookups) that must not hold a pooled
   * connection and the idempotency claim's lock while they wait.
   */
  prepare?: (input: { params: Out<Params>; query: Out<Query>; body: Out<Body>; deps: ApiDeps }) => Promise<void>;
}

type Out<S> = S extends z.ZodType ? z.output<S> : undefined;

export interface ApiContext<P, Q, B> {
  caller: ApiCaller;
  /** The transaction of a write (with its idempotency claim), or the client for a read. */
  db: Prisma.TransactionClient | PrismaClient;
  params: P;
  query: Q;
  body: B;
  /** Answer with this status instead of the route's default (201 → 200 for an idempotent request that found a job). */
  setStatus(status: number): void;
  deps: ApiDeps;
}

export interface ApiRoute {
  readonly definition: ApiRouteDefinition<AnyObject | undefined, AnyObject | undefined, z.ZodType | undefined>;
  handle(deps: ApiDeps, request: Request, rawParams?: Record<string, string | string[] | undefined>): Promise<Response>;
}

export function defineApiRoute<
  Params extends AnyObject | undefined = undefined,
  Query extends AnyObject | undefined = undefined,
  Body extends z.ZodType | undefined = undefined,
>(
  definition: ApiRouteDefinition<Params, Query, Body>,
  handler: (ctx: ApiContext<Out<Params>, Out<Query>, Out<Body>>) => Promise<unknown>,
): ApiRoute {
  const write = definition.method !== "GET";
  return {
    definition: definition as ApiRoute["definition"],
    async handle(deps, request, rawParams = {}) {
      const instance = new URL(request.url).pathname;
      let headers: Record<string, string> = {};
      try {
        const caller = await authenticateApiKey(deps.db, request.headers.get("authorization")).catch((error: unknown) => {
          const problem = problemOf(error);
          if (problem)
            throw new ApiProblem(401, "unauthenticated", problem.detail, { headers: { "WWW-Authenticate": 'Bearer realm="jtbd"' } });
          throw error;
        });
        if (!caller.scopes.includes(definition.scope)) {
          throw new ApiProblem(
            403,
            "insufficient_scope",
            `This API key lacks the "${definition.scope}" scope. Ask an admin for a key that has it.`,
          );
        }
        const limit = await deps.rateLimiter.consume(caller.keyId);
        if (!limit.allowed) {
          throw new ApiProblem(
            429,
            "rate_limited",
            `This API key sent more than ${deps.rateLimiter.limit.points} requests in ${deps.rateLimiter.limit.windowSeconds} seconds. Wait ${limit.retryAfterSeconds} s (Retry-After) and try again.`,
            {
              headers: { "Retry-After": String(limit.retryAfterSeconds) },
            },
          );
        }
        headers = {
          "RateLimit-Limit": String(deps.rateLimiter.limit.points),
          "RateLimit-Remaining": String(limit.remaining),
          "RateLimit-Reset": String(limit.resetSeconds),
        };

        const params = parseWith(definition.params, normaliseParams(rawParams), "path");
        const query = parseWith(definition.query, queryObject(new URL(request.url).searchParams), "query");
        const rawBody = definition.body ? await readJsonText(request) : "";
        const body = definition.body ? parseWith(definition.body, parseJson(rawBody), "body") : undefined;
        const idempotencyKey = write ? readIdempotencyKey(request) : null;
        await definition.prepare?.({ params, query, body, deps } as {
          params: Out<Params>;
          query: Out<Query>;
          body: Out<Body>;
          deps: ApiDeps;
        });

        let status: number = definition.response.status;
        const context = (db: ApiContext<unknown, unknown, unknown>["db"]) =>
          ({
            caller,
            db,
            params,
            query,
            body,
            setStatus: (s: number) => void (status = s),
            deps,
          }) as ApiContext<Out<Params>, Out<Query>, Out<Body>>;

        if (!write) {
          const result = await handler(context(deps.db));
          return json(status, JSON.stringify(result), headers);
        }

        const requestHash = createHash("sha256").update(`${definition.method} ${instance}\n${rawBody}`).digest("hex");
        const outcome = await deps.db.$transaction(
          async (tx) => {
            if (idempotencyKey) {
              const replay = await claimIdempotencyKey(tx, caller.keyId, idempotencyKey, requestHash);
              if (replay) return replay;
            }
            const text = JSON.stringify(await handler(context(tx)));
            if (idempotencyKey) await recordIdempotentAnswer(tx, caller.keyId, idempotencyKey, status, text);
            return { status, text, replayed: false };
          },
          { maxWait: 10_000, timeout: 30_000 },
        );
        return json(outcome.status, outcome.text, {
          ...headers,
          ...(idempotencyKey ? { "Idempotent-Replayed": String(outcome.replayed) } : {}),
        });
      } catch (error) {
        const problem = problemOf(error);
        if (problem)
          return problemResponse(problemBody(problem.status, problem.code, problem.detail, instance, problem.extra.errors), {
            ...headers,
            ...problem.extra.headers,
          });
        log.error("api request failed", { route: definition.operationId, path: instance, error });
        return problemResponse(
          problemBody(500, "internal", "Something went wrong on our side and nothing was changed. Try again in a moment.", instance),
          headers,
        );
      }
    },
  };
}

function json(status: number, text: string, headers: Record<string, string>): Response {
  return new Response(text, { status, headers: { "Content-Type": "application/json", "Cache-Control": "no-store", ...headers } });
}

function parseWith<S extends z.ZodType | undefined>(schema: S, value: unknown, where: "body" | "query" | "path"): Out<S> {
  if (!schema) return undefined as Out<S>;
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw validationProblem(parsed.error, where);
  return parsed.data as Out<S>;
}

function normaliseParams(raw: Record<string, string | string[] | undefined>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, Array.isArray(v) ? v.join("/") : v]));
}

function queryObject(search: URLSearchParams): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of new Set(search.keys())) {
    const values = search.getAll(key);
    if (values.length > 1)
      throw new ApiProblem(400, "validation_failed", `Give the query parameter "${key}" once.`, {
        errors: [{ pointer: key, detail: "Given more than once." }],
      });
    out[key] = values[0]!;
  }
  return out;
}

async function readJsonText(request: Request): Promise<string> {
  const type = request.headers.get("content-type") ?? "";
  if (!/^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i.test(type)) {
    throw new ApiProblem(415, "unsupported_media_type", "Send the body as JSON with the header `Content-Type: application/json`.");
  }
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > MAX_BODY_BYTES) throw tooLarge();
  if (!request.body) return "";
  // Read at most MAX_BODY_BYTES, whatever Content-Length claimed (chunked bodies have none).
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    let chunk: ReadableStreamReadResult<Uint8Array>;
    try {
      chunk = await reader.read();
    } catch {
      // The client went away (or its connection broke) mid-body: its mistake, not a 500.
      throw new ApiProblem(400, "malformed_json", "The body ended before it was complete. Send the request again.");
    }
    const { done, value } = chunk;
    if (done) break;
    size += value.byteLength;
    if (size > MAX_BODY_BYTES) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(value);
  }
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(Buffer.concat(chunks));
  } catch {
    throw new ApiProblem(400, "malformed_json", "The body is not valid UTF-8. Send JSON encoded as UTF-8.");
  }
}

function tooLarge(): ApiProblem {
  return new ApiProblem(413, "body_too_large", `The body is larger than ${MAX_BODY_BYTES / 1024} KB. Send less metadata.`);
}

function parseJson(text: string): unknown {
  if (text.trim() === "") throw new ApiProblem(400, "malformed_json", "The body is empty. Send a JSON object.");
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ApiProblem(400, "malformed_json", `The body is not valid JSON (${(error as Error).message}). Check quotes and commas.`);
  }
}

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;

function readIdempotencyKey(request: Request): string | null {
  const key = request.headers.get("idempotency-key");
  if (key === null) return null;
  if (!IDEMPOTENCY_KEY.test(key)) {
    throw new ApiProblem(
      400,
      "idempotency_key_invalid",
      "The Idempotency-Key header must be 1 to 255 visible ASCII characters, for example a UUID.",
    );
  }
  return key;
}

/** How long the first answer to an Idempotency-Key is replayed; after that the key may be used afresh. */
export const IDEMPOTENCY_RETENTION_HOURS = 48;

/**
 * Claims the key for this request in the caller's transaction, or returns the
 * answer to replay. The INSERT … ON CONFLICT is the lock: a concurrent request
 * with the same key waits on the uncommitted row, and once the first commits
 * it finds the answer (or, if the first rolled back, claims the key itself).
 */
async function claimIdempotencyKey(
  tx: Prisma.TransactionClient,
  keyId: string,
  key: string,
  requestHash: string,
): Promise<{ status: number; text: string; replayed: true } | null> {
  const claimed = await tx.$queryRaw<{ claimed: number }[]>`
    INSERT INTO api_idempotency_keys (api_key_id, key, request_hash)
    VALUES (${keyId}::uuid, ${key}, ${requestHash})
    ON CONFLICT (api_key_id, key) DO UPDATE
      SET request_hash = EXCLUDED.request_hash, created_at = now(), status_code = NULL, response_body = NULL, completed_at = NULL
      WHERE api_idempotency_keys.created_at < now() - make_interval(hours => ${IDEMPOTENCY_RETENTION_HOURS})
    RETURNING 1 AS claimed`;
  if (claimed.length) return null;
  const [first] = await tx.$queryRaw<{ requestHash: string; statusCode: number | null; responseBody: unknown }[]>`
    SELECT request_hash AS "requestHash", status_code AS "statusCode", response_body AS "responseBody"
    FROM api_idempotency_keys WHERE api_key_id = ${keyId}::uuid AND key = ${key}`;
  if (!first || first.statusCode === null || typeof first.responseBody !== "string") {
    throw new ApiProblem(409, "conflict", "A request with this Idempotency-Key is still being processed. Try again in a moment.");
  }
  if (first.requestHash !== requestHash) {
    throw new ApiProblem(
      422,
      "idempotency_key_reused",
      "This Idempotency-Key was already used for a different request. Use a new key for a new request.",
    );
  }
  return { status: first.statusCode, text: first.responseBody, replayed: true };
}

async function recordIdempotentAnswer(
  tx: Prisma.TransactionClient,
  keyId: string,
  key: string,
  status: number,
  text: string,
): Promise<void> {
  // Stored as a JSON string, not as the object: jsonb would reorder its keys,
  // and a replay must be byte for byte the first answer.
  await tx.$executeRaw`
    UPDATE api_idempotency_keys SET status_code = ${status}, response_body = to_jsonb(${text}::text), completed_at = now()
    WHERE api_key_id = ${keyId}::uuid AND key = ${key}`;
}
