import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/test/database";
import { createUser } from "@/test/fixtures";
import { jobRequested } from "@/lib/jobs";
import { createApiKey } from "./api-keys";
import type { ApiDeps } from "./api-route";
import { createApiRateLimiter } from "./api-rate-limiter";
import { apiRoutes } from "./api-routes";

// The app's own plumbing (account links, invitation delivery) must not be
// faked over the API: a jobs:write key that could complete an invitation's
// delivery job would mark it sent with no email, and one that could cancel
// it with {bounce} would mark it bounced. Every write route refuses them,
// and nothing changes. The same holds for the onboarding steps this app's
// domain code completes when their condition is met (a verified address, a
// profile, a document, an invitation): a service saying so would make the
// todo list and the funnel lie.
const internalTypes = [
  "invites.deliver-invitation",
  "account.reset-password",
  "account.change-email",
  "onboarding.verify-email",
  "onboarding.complete-profile",
  "onboarding.upload-document",
  "onboarding.invite-teammate",
] as const;

let t: TestDatabase;
let deps: ApiDeps;
let writer: string;
beforeAll(async () => {
  t = await createTestDatabase({ poolMax: 6 });
  deps = { db: t.prisma, rateLimiter: createApiRateLimiter(t.url, { points: 100_000, windowSeconds: 60 }), allowPrivateWebhooks: true };
  writer = (await createApiKey(t.prisma, { name: "writer", scopes: ["jobs:read", "jobs:write"] })).key;
});
afterAll(async () => {
  await deps?.rateLimiter.close();
  await t?.close();
});

async function send(method: string, path: string, body?: unknown) {
  const ordered = [...apiRoutes].sort((a, b) => a.definition.path.split("{").length - b.definition.path.split("{").length);
  const pattern = (p: string) => new RegExp(`^${p.replace(/\{(\w+)\}/g, "(?<$1>[^/]+)")}$`);
  const route = ordered.find((r) => r.definition.method === method && pattern(r.definition.path).test(path))!;
  const params = pattern(route.definition.path).exec(path)!.groups ?? {};
  const headers: Record<string, string> = { Authorization: `Bearer ${writer}` };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const response = await route.handle(
    deps,
    new Request(`http://127.0.0.1${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) }),
    params,
  );
  return { status: response.status, json: await response.json() };
}

async function internalJob(jobType: (typeof internalTypes)[number]) {
  const user = await createUser(t.prisma);
  const target = jobType === "invites.deliver-invitation" ? { type: "invite", id: randomUUID() } : { type: "user", id: user.id };
  const metadata =
    jobType === "account.change-email"
      ? { newEmail: `new-${randomUUID()}@example.com` }
      : jobType === "invites.deliver-invitation"
        ? { inviterId: user.id }
        : undefined;
  const { job } = await jobRequested(t.prisma, {
    jobType,
    target,
    metadata,
    assignedTo: target.type === "user" ? user.id : null,
    sender: "test",
    by: user.id,
    source: "user",
  } as Parameters<typeof jobRequested>[1]);
  return { job, target, user };
}

describe("the app's internal job types are refused on every write route", () => {
  const cases = internalTypes.flatMap(
    (type) =>
      [
        [`${type}: complete by id`, type, (j: { id: string }) => ["POST", `/api/v1/jobs/${j.id}/complete`, {}]],
        [
          `${type}: cancel by id with {bounce}`,
          type,
          (j: { id: string }) => ["POST", `/api/v1/jobs/${j.id}/cancel`, { metadata: { bounce: "x" } }],
        ],
        [`${type}: assign by id`, type, (j: { id: string }) => ["POST", `/api/v1/jobs/${j.id}/assign`, { assignee: null }]],
        [
          `${type}: complete by target`,
          type,
          (_j: unknown, target: object) => ["POST", "/api/v1/jobs/by-target/complete", { type, target }],
        ],
        [
          `${type}: cancel by target`,
          type,
          (_j: unknown, target: object) => ["POST", "/api/v1/jobs/by-target/cancel", { type, target, metadata: { bounce: "x" } }],
        ],
        [
          `${type}: assign by target`,
          type,
          (_j: unknown, target: object) => ["POST", "/api/v1/jobs/by-target/assign", { type, target, assignee: null }],
        ],
      ] as const,
  );

  test.each(cases)("%s", async (_label, type, call) => {
    const { job, target } = await internalJob(type);
    const [method, path, body] = call(job, target) as unknown as readonly [string, string, unknown];
    const before = await t.prisma.job.findUniqueOrThrow({ where: { id: job.id } });
    const eventsBefore = await t.prisma.jobEvent.count({ where: { jobId: job.id } });
    const response = await send(method, path, body);
    expect(response.status, JSON.stringify(response.json)).toBe(403);
    expect(response.json).toMatchObject({ code: "not_allowed", detail: expect.stringContaining(type) });
    expect(await t.prisma.job.findUniqueOrThrow({ where: { id: job.id } })).toEqual(before);
    expect(await t.prisma.jobEvent.count({ where: { jobId: job.id } })).toBe(eventsBefore);
  });

  test.each([...internalTypes, "account.sign-up-attempted"])("request %s: refused, nothing written", async (type) => {
    const user = await createUser(t.prisma);
    const before = await t.prisma.job.count();
    const target = type === "invites.deliver-invitation" ? { type: "invite", id: randomUUID() } : { type: "user", id: user.id };
    const response = await send("POST", "/api/v1/jobs", { type, target });
    expect(response.status, JSON.stringify(response.json)).toBe(403);
    expect(response.json).toMatchObject({ code: "not_allowed", detail: expect.stringContaining(type) });
    expect(await t.prisma.job.count()).toBe(before);
  });

  test("reads still show them; the job types list marks which the API may change", async () => {
    const { job } = await internalJob("account.reset-password");
    expect((await send("GET", `/api/v1/jobs/${job.id}`)).status).toBe(200);
    const { json } = await send("GET", "/api/v1/job-types");
    const byKey = new Map(json.jobTypes.map((t: { key: string; apiWritable: boolean }) => [t.key, t.apiWritable]));
    expect(byKey.get("account.reset-password")).toBe(false);
    expect(byKey.get("invites.deliver-invitation")).toBe(false);
    expect(byKey.get("staff.review-document")).toBe(true);
  });
});
