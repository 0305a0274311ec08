import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/test/database";
import { createUser } from "@/test/fixtures";
import { createApiKey, revokeApiKey } from "./api-keys";
import type { ApiDeps } from "./api-route";
import { createApiRateLimiter } from "./api-rate-limiter";
import { apiRoutes } from "./api-routes";
import type { ApiScope } from "./api-scopes";

// /api/v1 end to end below HTTP: real Requests through the routes' own
// wrapper (auth, scopes, rate limit, validation, idempotency, problems) on
// this file's own PostgreSQL database. The router matches the paths the
// OpenAPI document declares, so a route that answers here answers there.

let t: TestDatabase;
let deps: ApiDeps;
let writer: string;
let reader: string;
beforeAll(async () => {
  t = await createTestDatabase({ poolMax: 12 });
  deps = { db: t.prisma, rateLimiter: createApiRateLimiter(t.url, { points: 100_000, windowSeconds: 60 }), allowPrivateWebhooks: true };
  writer = (await createApiKey(t.prisma, { name: "writer", scopes: ["jobs:read", "jobs:write"] })).key;
  reader = (await createApiKey(t.prisma, { name: "reader", scopes: ["jobs:read"] })).key;
});
afterAll(async () => {
  await deps?.rateLimiter.close();
  await t?.close();
});

interface Send {
  key?: string | null;
  body?: unknown;
  rawBody?: string;
  headers?: Record<string, string>;
  deps?: ApiDeps;
}

async function send(method: string, url: string, options: Send = {}) {
  const path = url.split("?")[0]!;
  // Static segments win over parameters, as in Next's router (/jobs/by-target/assign is not job "by-target").
  const ordered = [...apiRoutes].sort((a, b) => a.definition.path.split("{").length - b.definition.path.split("{").length);
  const route = ordered.find(
    (r) => r.definition.method === method && new RegExp(`^${r.definition.path.replace(/\{(\w+)\}/g, "(?<$1>[^/]+)")}$`).test(path),
  );
  if (!route) throw new Error(`no route for ${method} ${path}`);
  const params = new RegExp(`^${route.definition.path.replace(/\{(\w+)\}/g, "(?<$1>[^/]+)")}$`).exec(path)!.groups ?? {};
  const headers: Record<string, string> = { ...options.headers };
  const key = options.key === undefined ? writer : options.key;
  if (key) headers.Authorization = `Bearer ${key}`;
  const body = options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
  if (body !== undefined && !("Content-Type" in headers)) headers["Content-Type"] = "application/json";
  const response = await route.handle(options.deps ?? deps, new Request(`http://127.0.0.1${url}`, { method, headers, body }), params);
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, json: text ? JSON.parse(text) : null };
}

const target = () => ({ type: "document", id: randomUUID() });
const requestBody = (extra: Record<string, unknown> = {}) => ({ type: "staff.review-document", target: target(), ...extra });

async function counts() {
  const [jobs, events, keys] = await Promise.all([t.prisma.job.count(), t.prisma.jobEvent.count(), t.prisma.apiIdempotencyKey.count()]);
  return { jobs, events, keys };
}

describe("happy paths", () => {
  test("request, read with events, list, complete: the key is the actor, source api", async () => {
    const created = await send("POST", "/api/v1/jobs", { body: requestBody({ metadata: { invoice: "inv_1" }, priority: "high" }) });
    expect(created.status, created.text).toBe(201);
    expect(created.json).toMatchObject({
      created: true,
      job: { type: "staff.review-document", status: "pending", priority: "high", metadata: { invoice: "inv_1" } },
    });
    const id = created.json.job.id;

    const done = await send("POST", `/api/v1/jobs/${id}/complete`, { body: { note: "paid" } });
    expect(done.status).toBe(200);
    expect(done.json).toMatchObject({ changed: true, job: { status: "completed", completionSource: "api", resolutionNote: "paid" } });
    expect((await send("POST", `/api/v1/jobs/${id}/complete`, { body: {} })).json).toMatchObject({ changed: false });

    const read = await send("GET", `/api/v1/jobs/${id}`, { key: reader });
    expect(read.status).toBe(200);
    expect(read.json.events.map((e: { kind: string; source: string }) => [e.kind, e.source])).toEqual([
      ["requested", "api"],
      ["completed", "api"],
    ]);
    // The key is the actor of every change it made.
    const keyId = (await t.prisma.apiKey.findFirstOrThrow({ where: { name: "writer" } })).id;
    expect(read.json.events.map((e: { actorId: string }) => e.actorId)).toEqual([keyId, keyId]);
    expect((await t.prisma.job.findUniqueOrThrow({ where: { id } })).completedById).toBe(keyId);
  });

  test("idempotent request answers 200 with the pending job; without it a duplicate is 409", async () => {
    const body = requestBody();
    expect((await send("POST", "/api/v1/jobs", { body })).status).toBe(201);
    const again = await send("POST", "/api/v1/jobs", { body: { ...body, idempotent: true } });
    expect(again.status).toBe(200);
    expect(again.json.created).toBe(false);
    const duplicate = await send("POST", "/api/v1/jobs", { body });
    expect(duplicate.status).toBe(409);
    expect(duplicate.json).toMatchObject({ code: "duplicate_pending_job", status: 409 });
    expect(duplicate.headers.get("content-type")).toBe("application/problem+json");
  });

  test("cancel and assign by id and by target; list filters and pages with a cursor", async () => {
    const person = await createUser(t.prisma, { role: "staff" });
    const body = requestBody();
    const { json } = await send("POST", "/api/v1/jobs", { body });
    const assigned = await send("POST", `/api/v1/jobs/${json.job.id}/assign`, { body: { assignee: person.id } });
    expect(assigned.json).toMatchObject({ changed: true, job: { assignee: person.id } });
    const unassigned = await send("POST", "/api/v1/jobs/by-target/assign", {
      body: { type: body.type, target: body.target, assignee: null },
    });
    expect(unassigned.json).toMatchObject({ changed: true, job: { assignee: null } });
    await send("POST", "/api/v1/jobs/by-target/assign", { body: { type: body.type, target: body.target, assignee: person.id } });

    const byAssignee = await send("GET", `/api/v1/jobs?assignee=${person.id}`, { key: reader });
    expect(byAssignee.json.jobs.map((j: { id: string }) => j.id)).toEqual([json.job.id]);

    const cancelled = await send("POST", "/api/v1/jobs/by-target/cancel", {
      body: { type: body.type, target: body.target, note: "duplicate" },
    });
    expect(cancelled.json).toMatchObject({ changed: true, job: { status: "cancelled" } });
    const other = await send("POST", "/api/v1/jobs", { body: requestBody() });
    expect((await send("POST", `/api/v1/jobs/${other.json.job.id}/cancel`, { body: {} })).json.job.status).toBe("cancelled");
    const completeByTarget = requestBody();
    await send("POST", "/api/v1/jobs", { body: completeByTarget });
    expect(
      (await send("POST", "/api/v1/jobs/by-target/complete", { body: { type: completeByTarget.type, target: completeByTarget.target } }))
        .json.job.status,
    ).toBe("completed");

    const byTarget = await send("GET", `/api/v1/jobs?targetType=document&targetId=${body.target.id}&status=cancelled`, { key: reader });
    expect(byTarget.json.jobs).toHaveLength(1);

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Awaited<ReturnType<typeof send>> = await send(
        "GET",
        `/api/v1/jobs?type=staff.review-document&limit=2${cursor ? `&cursor=${cursor}` : ""}`,
        { key: reader },
      );
      expect(page.json.jobs.length).toBeLessThanOrEqual(2);
      seen.push(...page.json.jobs.map((j: { id: string }) => j.id));
      cursor = page.json.nextCursor;
    } while (cursor);
    const all = await t.prisma.job.count({ where: { jobType: "staff.review-document" } });
    expect(new Set(seen).size).toBe(all);
    expect(seen).toHaveLength(all);
  });

  test("job types", async () => {
    const { status, json } = await send("GET", "/api/v1/job-types", { key: reader });
    expect(status).toBe(200);
    expect(json.jobTypes.map((t: { key: string }) => t.key)).toContain("staff.review-document");
  });
});

describe("keys and scopes", () => {
  async function keyWith(scopes: ApiScope[]) {
    return createApiKey(t.prisma, { name: "k", scopes });
  }

  test.each([
    ["no key", null, 401, /Authorization header/],
    ["a key that is not ours", "sk_live_123", 401, /not an API key/],
  ])("%s: 401 with WWW-Authenticate", async (_label, key, status, detail) => {
    const response = await send("GET", "/api/v1/jobs", { key });
    expect(response.status).toBe(status);
    expect(response.json).toMatchObject({ code: "unauthenticated", detail: expect.stringMatching(detail) });
    expect(response.headers.get("www-authenticate")).toMatch(/^Bearer/);
  });

  test("revoked: refused on the very next request", async () => {
    const created = await keyWith(["jobs:read"]);
    expect((await send("GET", "/api/v1/jobs", { key: created.key })).status).toBe(200);
    await revokeApiKey(t.prisma, created.id);
    const refused = await send("GET", "/api/v1/jobs", { key: created.key });
    expect(refused.status).toBe(401);
    expect(refused.json.detail).toMatch(/revoked/);
  });

  test("expired: refused", async () => {
    const created = await keyWith(["jobs:read"]);
    await t.prisma.apiKey.update({ where: { id: created.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect((await send("GET", "/api/v1/jobs", { key: created.key })).json).toMatchObject({
      status: 401,
      detail: expect.stringMatching(/expired/),
    });
  });

  test("wrong scope: 403 naming the scope, nothing written", async () => {
    const before = await counts();
    const refused = await send("POST", "/api/v1/jobs", { key: reader, body: requestBody() });
    expect(refused.status).toBe(403);
    expect(refused.json).toMatchObject({ code: "insufficient_scope", detail: expect.stringContaining("jobs:write") });
    expect(await counts()).toEqual(before);
  });
});

describe("Idempotency-Key", () => {
  test("the same key and body replay the first answer byte for byte; the work is done once", async () => {
    const key = randomUUID();
    const body = requestBody();
    const first = await send("POST", "/api/v1/jobs", { body, headers: { "Idempotency-Key": key } });
    const before = await counts();
    const second = await send("POST", "/api/v1/jobs", { body, headers: { "Idempotency-Key": key } });
    expect(second.status).toBe(first.status);
    expect(second.text).toBe(first.text);
    expect(second.headers.get("idempotent-replayed")).toBe("true");
    expect(await counts()).toEqual(before);
  });

  test("the same key with another body is refused with 422 and writes nothing", async () => {
    const key = randomUUID();
    await send("POST", "/api/v1/jobs", { body: requestBody(), headers: { "Idempotency-Key": key } });
    const before = await counts();
    const other = await send("POST", "/api/v1/jobs", { body: requestBody(), headers: { "Idempotency-Key": key } });
    expect(other.status).toBe(422);
    expect(other.json.code).toBe("idempotency_key_reused");
    expect(await counts()).toEqual(before);
  });

  test("ten concurrent requests with one key do the work once and all get the same answer", async () => {
    const key = randomUUID();
    const body = requestBody();
    const answers = await Promise.all(
      Array.from({ length: 10 }, () => send("POST", "/api/v1/jobs", { body, headers: { "Idempotency-Key": key } })),
    );
    expect(new Set(answers.map((a) => a.text)).size).toBe(1);
    expect(answers.every((a) => a.status === 201)).toBe(true);
    expect(await t.prisma.job.count({ where: { targetId: body.target.id } })).toBe(1);
    expect(await t.prisma.jobEvent.count({ where: { job: { targetId: body.target.id } } })).toBe(1);
  });

  test("a refused request keeps nothing under its key: fixing the body and retrying with the same key works", async () => {
    const key = randomUUID();
    expect(
      (await send("POST", "/api/v1/jobs", { body: { ...requestBody(), type: "no.such-type" }, headers: { "Idempotency-Key": key } }))
        .status,
    ).toBe(422);
    expect((await send("POST", "/api/v1/jobs", { body: requestBody(), headers: { "Idempotency-Key": key } })).status).toBe(201);
  });
});

describe("the rate limit", () => {
  test("per key: over the limit answers 429 with Retry-After; another key is unaffected", async () => {
    const limited: ApiDeps = {
      db: t.prisma,
      rateLimiter: createApiRateLimiter(t.url, { points: 3, windowSeconds: 60 }),
      allowPrivateWebhooks: true,
    };
    try {
      const one = (await createApiKey(t.prisma, { name: "busy", scopes: ["jobs:read"] })).key;
      const two = (await createApiKey(t.prisma, { name: "calm", scopes: ["jobs:read"] })).key;
      const statuses = [];
      for (let i = 0; i < 4; i++) statuses.push((await send("GET", "/api/v1/job-types", { key: one, deps: limited })).status);
      expect(statuses).toEqual([200, 200, 200, 429]);
      const refused = await send("GET", "/api/v1/job-types", { key: one, deps: limited });
      expect(refused.json).toMatchObject({ code: "rate_limited", status: 429 });
      expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
      expect((await send("GET", "/api/v1/job-types", { key: two, deps: limited })).status).toBe(200);
    } finally {
      await limited.rateLimiter.close();
    }
  });
});

describe("bad input: always a 4xx problem, never a write", () => {
  const jobId = randomUUID();
  const t0 = { type: "document", id: "d1" };
  const cases: [string, string, string, Send][] = [
    ["malformed JSON", "POST", "/api/v1/jobs", { rawBody: "{" }],
    ["trailing garbage", "POST", "/api/v1/jobs", { rawBody: '{"type":"x"} x' }],
    ["empty body", "POST", "/api/v1/jobs", { rawBody: "" }],
    ["JSON null", "POST", "/api/v1/jobs", { rawBody: "null" }],
    ["JSON array", "POST", "/api/v1/jobs", { rawBody: "[]" }],
    ["JSON string", "POST", "/api/v1/jobs", { rawBody: '"job"' }],
    ["JSON number", "POST", "/api/v1/jobs", { rawBody: "42" }],
    [
      "not JSON content type",
      "POST",
      "/api/v1/jobs",
      { rawBody: "type=x", headers: { "Content-Type": "application/x-www-form-urlencoded" } },
    ],
    ["no content type", "POST", "/api/v1/jobs", { rawBody: JSON.stringify(requestBody()), headers: { "Content-Type": "" } }],
    ["invalid UTF-8", "POST", "/api/v1/jobs", { rawBody: undefined, body: undefined, headers: {} }],
    ["a body that breaks off", "POST", "/api/v1/jobs", {}],
    ["huge body", "POST", "/api/v1/jobs", { body: requestBody({ metadata: { big: "x".repeat(200_000) } }) }],
    ["metadata over 16 KB", "POST", "/api/v1/jobs", { body: requestBody({ metadata: { big: "x".repeat(20_000) } }) }],
    ["unknown field", "POST", "/api/v1/jobs", { body: requestBody({ asignee: randomUUID() }) }],
    ["unknown field in target", "POST", "/api/v1/jobs", { body: { type: "staff.review-document", target: { ...t0, kind: "x" } } }],
    ["missing type", "POST", "/api/v1/jobs", { body: { target: t0 } }],
    ["missing target", "POST", "/api/v1/jobs", { body: { type: "staff.review-document" } }],
    ["type is a number", "POST", "/api/v1/jobs", { body: { type: 1, target: t0 } }],
    ["target is a string", "POST", "/api/v1/jobs", { body: { type: "staff.review-document", target: "document:1" } }],
    ["target id is a number", "POST", "/api/v1/jobs", { body: { type: "staff.review-document", target: { type: "document", id: 7 } } }],
    ["empty target id", "POST", "/api/v1/jobs", { body: { type: "staff.review-document", target: { type: "document", id: "  " } } }],
    [
      "target id too long",
      "POST",
      "/api/v1/jobs",
      { body: { type: "staff.review-document", target: { type: "document", id: "x".repeat(192) } } },
    ],
    ["NUL in target id", "POST", "/api/v1/jobs", { body: { type: "staff.review-document", target: { type: "document", id: "a\u0000b" } } }],
    [
      "lone surrogate in type",
      "POST",
      "/api/v1/jobs",
      { rawBody: '{"type":"staff.review-document\\ud800","target":{"type":"document","id":"1"}}' },
    ],
    ["NUL in metadata value", "POST", "/api/v1/jobs", { body: requestBody({ metadata: { a: "x\u0000" } }) }],
    ["NUL in metadata key", "POST", "/api/v1/jobs", { body: requestBody({ metadata: { "a\u0000": 1 } }) }],
    [
      "lone surrogate deep in metadata",
      "POST",
      "/api/v1/jobs",
      { rawBody: `{"type":"staff.review-document","target":{"type":"document","id":"s1"},"metadata":{"a":[{"b":"\\udc00"}]}}` },
    ],
    ["metadata is an array", "POST", "/api/v1/jobs", { body: requestBody({ metadata: [1, 2] }) }],
    ["metadata is a string", "POST", "/api/v1/jobs", { body: requestBody({ metadata: "x" }) }],
    ["unknown job type", "POST", "/api/v1/jobs", { body: { type: "no.such-type", target: t0 } }],
    ["target of the wrong kind", "POST", "/api/v1/jobs", { body: { type: "staff.review-document", target: { type: "user", id: "1" } } }],
    ["assignee not a UUID", "POST", "/api/v1/jobs", { body: requestBody({ assignee: "bob" }) }],
    ["assignee nobody", "POST", "/api/v1/jobs", { body: requestBody({ assignee: randomUUID() }) }],
    ["priority unknown", "POST", "/api/v1/jobs", { body: requestBody({ priority: "asap" }) }],
    ["expiresAt not a date", "POST", "/api/v1/jobs", { body: requestBody({ expiresAt: "tomorrow" }) }],
    ["expiresAt in the past", "POST", "/api/v1/jobs", { body: requestBody({ expiresAt: "2001-01-01T00:00:00Z" }) }],
    ["dueAt a number", "POST", "/api/v1/jobs", { body: requestBody({ dueAt: 1700000000 }) }],
    ["idempotent a string", "POST", "/api/v1/jobs", { body: requestBody({ idempotent: "yes" }) }],
    ["Idempotency-Key too long", "POST", "/api/v1/jobs", { body: requestBody(), headers: { "Idempotency-Key": "k".repeat(256) } }],
    ["Idempotency-Key with a space", "POST", "/api/v1/jobs", { body: requestBody(), headers: { "Idempotency-Key": "a b" } }],
    ["job id not a UUID", "POST", "/api/v1/jobs/not-a-uuid/complete", { body: {} }],
    ["job that does not exist", "POST", `/api/v1/jobs/${jobId}/complete`, { body: {} }],
    ["note too long", "POST", `/api/v1/jobs/${jobId}/cancel`, { body: { note: "n".repeat(2001) } }],
    ["note a number", "POST", `/api/v1/jobs/${jobId}/cancel`, { body: { note: 5 } }],
    ["assign without assignee", "POST", `/api/v1/jobs/${jobId}/assign`, { body: {} }],
    [
      "assign by target, none pending",
      "POST",
      "/api/v1/jobs/by-target/assign",
      { body: { type: "staff.review-document", target: t0, assignee: null } },
    ],
    ["complete by target, unknown type", "POST", "/api/v1/jobs/by-target/complete", { body: { type: "nope", target: t0 } }],
    ["list: bad status", "GET", "/api/v1/jobs?status=done", { key: undefined }],
    ["list: limit 0", "GET", "/api/v1/jobs?limit=0", {}],
    ["list: limit 1000", "GET", "/api/v1/jobs?limit=1000", {}],
    ["list: limit not a number", "GET", "/api/v1/jobs?limit=ten", {}],
    ["list: forged cursor", "GET", "/api/v1/jobs?cursor=bm9wZQ", {}],
    ["list: unknown parameter", "GET", "/api/v1/jobs?colour=red", {}],
    ["list: parameter twice", "GET", "/api/v1/jobs?status=pending&status=expired", {}],
    ["list: assignee not a UUID", "GET", "/api/v1/jobs?assignee=bob", {}],
    ["read: job id not a UUID", "GET", "/api/v1/jobs/1", {}],
    ["read: no such job", "GET", `/api/v1/jobs/${jobId}`, {}],
  ];

  test("the corpus is at least 40 cases", () => {
    expect(cases.length).toBeGreaterThanOrEqual(40);
  });

  test.each(cases)("%s", async (label, method, url, options) => {
    const before = await counts();
    let response;
    if (label === "invalid UTF-8") {
      // Static segments win over parameters, as in Next's router (/jobs/by-target/assign is not job "by-target").
      const ordered = [...apiRoutes].sort((a, b) => a.definition.path.split("{").length - b.definition.path.split("{").length);
      const route = ordered.find((r) => r.definition.operationId === "requestJob")!;
      const raw = await route.handle(
        deps,
        new Request("http://127.0.0.1/api/v1/jobs", {
          method: "POST",
          headers: { Authorization: `Bearer ${writer}`, "Content-Type": "application/json" },
          body: new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]),
        }),
      );
      response = { status: raw.status, headers: raw.headers, json: await raw.json() };
    } else if (label === "a body that breaks off") {
      const route = apiRoutes.find((r) => r.definition.operationId === "requestJob")!;
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(new TextEncoder().encode('{"type":'));
          controller.error(new Error("aborted"));
        },
      });
      const raw = await route.handle(
        deps,
        new Request("http://127.0.0.1/api/v1/jobs", {
          method: "POST",
          headers: { Authorization: `Bearer ${writer}`, "Content-Type": "application/json" },
          body,
          duplex: "half",
        } as RequestInit),
      );
      response = { status: raw.status, headers: raw.headers, json: await raw.json() };
    } else {
      response = await send(method, url, options);
    }
    expect(response.status, JSON.stringify(response.json)).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
    expect(response.headers.get("content-type")).toBe("application/problem+json");
    expect(response.json).toMatchObject({
      status: response.status,
      code: expect.any(String),
      detail: expect.any(String),
      type: expect.stringMatching(/^\/api\/v1\/problems\//),
    });
    expect(response.json.detail.length).toBeGreaterThan(10);
    expect(await counts()).toEqual(before);
  });
});

describe("webhook endpoints over the API (webhooks:manage)", () => {
  test("create (secret once), read, list, change, test-send with its log entry queued, delete", async () => {
    const manager = (await createApiKey(t.prisma, { name: "ops", scopes: ["webhooks:manage"] })).key;
    expect((await send("GET", "/api/v1/webhook-endpoints", { key: writer })).status).toBe(403);

    const created = await send("POST", "/api/v1/webhook-endpoints", {
      key: manager,
      body: { url: "http://127.0.0.1:9/hook", eventTypes: ["job.completed"], description: "billing" },
    });
    expect(created.status).toBe(201);
    expect(created.json.secret).toMatch(/^whsec_/);
    const id = created.json.id;
    const read = await send("GET", `/api/v1/webhook-endpoints/${id}`, { key: manager });
    expect(read.json).toMatchObject({ url: "http://127.0.0.1:9/hook", eventTypes: ["job.completed"], enabled: true });
    expect(read.json.secret).toBeUndefined();
    expect((await send("GET", "/api/v1/webhook-endpoints", { key: manager })).json.endpoints.map((e: { id: string }) => e.id)).toContain(
      id,
    );

    const changed = await send("PATCH", `/api/v1/webhook-endpoints/${id}`, {
      key: manager,
      body: { eventTypes: ["job.requested", "job.expired"] },
    });
    expect(changed.json.eventTypes).toEqual(["job.requested", "job.expired"]);

    const sent = await send("POST", `/api/v1/webhook-endpoints/${id}/test`, { key: manager });
    expect(sent.status).toBe(201);
    expect(await t.prisma.webhookDelivery.count({ where: { endpointId: id, status: "pending" } })).toBe(1);
    expect((await send("GET", `/api/v1/webhook-endpoints/${id}/deliveries`, { key: manager })).json).toEqual({ attempts: [] });
    expect((await send("POST", `/api/v1/webhook-deliveries/${sent.json.deliveryId}/replay`, { key: manager })).json.code).toBe("conflict");

    expect((await send("DELETE", `/api/v1/webhook-endpoints/${id}`, { key: manager })).json).toEqual({ deleted: true });
    expect((await send("GET", `/api/v1/webhook-endpoints/${id}`, { key: manager })).status).toBe(404);
  });

  test.each([
    ["a loopback URL without WEBHOOKS_ALLOW_PRIVATE", { url: "http://127.0.0.1/hook", eventTypes: ["job.completed"] }, 422],
    ["cloud metadata", { url: "http://169.254.169.254/latest", eventTypes: ["job.completed"] }, 422],
    ["not a URL", { url: "hook", eventTypes: ["job.completed"] }, 422],
    ["an unknown event type", { url: "https://example.com/h", eventTypes: ["job.deleted"] }, 422],
    ["no event types", { url: "https://example.com/h", eventTypes: [] }, 422],
    ["an unknown field", { url: "https://example.com/h", eventTypes: ["job.completed"], secret: "mine" }, 422],
  ])("refused, nothing written: %s", async (_label, body, status) => {
    const manager = (await createApiKey(t.prisma, { name: "ops", scopes: ["webhooks:manage"] })).key;
    const before = await t.prisma.webhookEndpoint.count();
    const response = await send("POST", "/api/v1/webhook-endpoints", {
      key: manager,
      body,
      deps: { ...deps, allowPrivateWebhooks: false },
    });
    expect(response.status).toBe(status);
    expect(response.headers.get("content-type")).toBe("application/problem+json");
    expect(await t.prisma.webhookEndpoint.count()).toBe(before);
  });
});
