import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, expect, test, vi } from "vitest";
import { createApiKey } from "@/lib/api/api-keys";
import { deleteExpiredIdempotencyKeys } from "@/lib/api/delete-expired-idempotency-keys";
import type { Prisma, SqlDb } from "@/lib/db/client";
import { createWebhookEndpoint } from "@/lib/webhooks/webhook-endpoints";
import { createNotificationTestDatabase, type NotificationTestDatabase } from "@/test/notification-database";
import { startNotificationWorker } from "./start-notification-worker";
import { RETENTION_QUEUE } from "./start-retention-sweep";

// The retention sweep on a real PostgreSQL, run by a real worker through its
// pg-boss queue: Idempotency-Keys older than 48 hours and webhook events (with
// their deliveries and attempt log) older than 30 days are deleted, newer rows
// and events with a delivery still in flight are kept.

let t: NotificationTestDatabase;

beforeAll(async () => {
  vi.spyOn(console, "log").mockImplementation(() => undefined);
  t = await createNotificationTestDatabase();
});
afterAll(async () => {
  await t?.close();
});

async function idempotencyKey(apiKeyId: string, key: string, hoursAgo: number) {
  await t.prisma.$executeRaw`
    INSERT INTO api_idempotency_keys (api_key_id, key, request_hash, status_code, response_body, created_at, completed_at)
    VALUES (${apiKeyId}::uuid, ${key}, ${"0".repeat(64)}, 201, to_jsonb('{}'::text), now() - make_interval(hours => ${hoursAgo}), now() - make_interval(hours => ${hoursAgo}))`;
}

async function webhookEvent(endpointId: string, daysAgo: number, status: "pending" | "delivering" | "delivered" | "failed") {
  const eventId = randomUUID();
  const deliveryId = randomUUID();
  await t.prisma.$executeRaw`
    INSERT INTO webhook_events (id, type, payload, created_at) VALUES (${eventId}::uuid, 'job.completed', '{}'::jsonb, now() - make_interval(days => ${daysAgo}))`;
  await t.prisma.$executeRaw`
    INSERT INTO webhook_deliveries (id, event_id, endpoint_id, status, attempts, created_at)
    VALUES (${deliveryId}::uuid, ${eventId}::uuid, ${endpointId}::uuid, ${status}::webhook_delivery_status, 1, now() - make_interval(days => ${daysAgo}))`;
  await t.prisma.$executeRaw`
    INSERT INTO webhook_attempts (delivery_id, attempt, started_at, duration_ms, status_code)
    VALUES (${deliveryId}::uuid, 1, now() - make_interval(days => ${daysAgo}), 12, 200)`;
  return { eventId, deliveryId };
}

test("the worker's retention sweep deletes idempotency keys past 48 hours and webhook logs past 30 days, and keeps the rest", async () => {
  const apiKey = await createApiKey(t.prisma, {
    name: `sweep-${randomUUID()}`,
    scopes: ["jobs:write"],
  });
  for (let i = 0; i < 7; i++) await idempotencyKey(apiKey.id, `old-${i}`, 49 + i);
  await idempotencyKey(apiKey.id, "47h", 47);
  await idempotencyKey(apiKey.id, "fresh", 0);

  const endpoint = await createWebhookEndpoint(
    t.prisma,
    { url: "http://127.0.0.1:9/never", eventTypes: ["job.completed"] },
    { allowPrivate: true },
  );
  await t.prisma.webhookEndpoint.update({
    where: { id: endpoint.id },
    data: { enabled: false },
  });
  const old = [await webhookEvent(endpoint.id, 31, "delivered"), await webhookEvent(endpoint.id, 45, "failed")];
  const oldInFlight = [await webhookEvent(endpoint.id, 40, "pending"), await webhookEvent(endpoint.id, 40, "delivering")];
  const recent = [await webhookEvent(endpoint.id, 29, "delivered"), await webhookEvent(endpoint.id, 0, "failed")];

  const worker = await startNotificationWorker({
    connectionString: t.url,
    poolMax: 2,
    pollingIntervalSeconds: 0.5,
    cron: false,
    concurrency: 1,
    name: "sweeper",
  });
  try {
    await t.boss.send(RETENTION_QUEUE, {});
    const deadline = Date.now() + 20_000;
    while (
      (await t.prisma.apiIdempotencyKey.count({
        where: { key: { startsWith: "old-" } },
      })) > 0
    ) {
      if (Date.now() > deadline) throw new Error("timed out waiting for the retention sweep");
      await new Promise((r) => setTimeout(r, 100));
    }
    // The sweep deletes the keys first; wait for its job to finish too.
    while (
      (await t.prisma.webhookEvent.count({
        where: { id: { in: old.map((e) => e.eventId) } },
      })) > 0
    ) {
      if (Date.now() > deadline) throw new Error("timed out waiting for the webhook part of the sweep");
      await new Promise((r) => setTimeout(r, 100));
    }
  } finally {
    await worker.stop();
  }

  const keys = await t.prisma.apiIdempotencyKey.findMany({
    where: { apiKeyId: apiKey.id },
    select: { key: true },
    orderBy: { key: "asc" },
  });
  expect(keys.map((k) => k.key)).toEqual(["47h", "fresh"]);

  const kept = [...oldInFlight, ...recent];
  const events = await t.prisma.webhookEvent.findMany({
    where: { id: { in: [...old, ...kept].map((e) => e.eventId) } },
    select: { id: true },
  });
  expect(events.map((e) => e.id).sort()).toEqual(kept.map((e) => e.eventId).sort());
  const deliveries = await t.prisma.webhookDelivery.findMany({
    where: { endpointId: endpoint.id },
    select: { id: true },
  });
  expect(deliveries.map((d) => d.id).sort()).toEqual(kept.map((e) => e.deliveryId).sort());
  const attempts = await t.prisma.webhookAttempt.findMany({
    where: { delivery: { endpointId: endpoint.id } },
    select: { deliveryId: true },
  });
  expect(attempts.map((a) => a.deliveryId).sort()).toEqual(kept.map((e) => e.deliveryId).sort());
});

test("idempotency keys are deleted in batches until none is left past the window", async () => {
  // This file's own database: start from no keys, whatever the other test left.
  await t.prisma.$executeRaw`DELETE FROM api_idempotency_keys`;
  const apiKey = await createApiKey(t.prisma, {
    name: `batches-${randomUUID()}`,
    scopes: ["jobs:write"],
  });
  for (let i = 0; i < 5; i++) await idempotencyKey(apiKey.id, `old-${i}`, 72);
  await idempotencyKey(apiKey.id, "new", 1);
  const statements: string[] = [];
  const counting: SqlDb = {
    ...t.prisma,
    $executeRaw: (query: TemplateStringsArray | Prisma.Sql, ...values: unknown[]) => {
      statements.push("delete");
      return t.prisma.$executeRaw(query, ...values);
    },
  };
  expect(await deleteExpiredIdempotencyKeys(counting, { batchSize: 2 })).toBe(5);
  expect(statements).toHaveLength(3);
  expect(
    (
      await t.prisma.apiIdempotencyKey.findMany({
        where: { apiKeyId: apiKey.id },
        select: { key: true },
      })
    ).map((k) => k.key),
  ).toEqual(["new"]);
});
