import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, expect, test } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/test/database";
import type { WebhookLookup } from "./check-webhook-url";
import { deliverWebhook } from "./deliver-webhook";
import { startWebhookReceiver, type WebhookReceiver } from "./testing/start-webhook-receiver";
import { createWebhookEndpoint, sendTestWebhook } from "./webhook-endpoints";

// Server-side request forgery at delivery time, against a real receiver on
// loopback: a name that resolves to loopback is refused, and so is a name
// whose DNS answer changes between the check and the connection (DNS
// rebinding): the address the request connects to is the address that was
// checked. The refusals happen before any connection, so no network is needed.

let t: TestDatabase;
let receiver: WebhookReceiver;

beforeAll(async () => {
  [t, receiver] = await Promise.all([createTestDatabase(), startWebhookReceiver()]);
});
afterAll(async () => {
  await receiver?.close();
  await t?.close();
});

/** An endpoint on `http://localhost:<receiver>/…` (saved as the tests allow) with one test delivery waiting. */
async function pendingDelivery() {
  const path = `/ssrf-${randomUUID()}`;
  const endpoint = await createWebhookEndpoint(
    t.prisma,
    {
      url: `http://localhost:${receiver.port}${path}`,
      eventTypes: ["job.completed"],
    },
    { allowPrivate: true },
  );
  receiver.secretFor(path, endpoint.secret);
  const { deliveryId } = await sendTestWebhook(t.prisma, endpoint.id);
  return { path, deliveryId };
}

const deliverOptions = {
  timeoutMs: 2_000,
  disableAfterFailures: 20,
  finalAttempt: true,
};

test("a delivery to a name that resolves to loopback is refused without WEBHOOKS_ALLOW_PRIVATE", async () => {
  const { path, deliveryId } = await pendingDelivery();
  const outcome = await deliverWebhook(t.prisma, deliveryId, {
    ...deliverOptions,
    allowPrivate: false,
  });
  expect(outcome).toMatchObject({
    status: "failed",
    error: expect.stringMatching(/public addresses only/),
  });
  expect(receiver.received.filter((r) => r.path === path)).toEqual([]);
});

test("DNS rebinding: a name that is public when checked and loopback when connecting is refused", async () => {
  const { path, deliveryId } = await pendingDelivery();
  const asked: string[] = [];
  // The first answer (the check) is public; every later one is loopback, as a
  // rebinding attacker's DNS server would answer.
  const rebinding: WebhookLookup = async (hostname) => {
    asked.push(hostname);
    return asked.length === 1 ? [{ address: "93.184.216.34", family: 4 }] : [{ address: "127.0.0.1", family: 4 }];
  };
  const outcome = await deliverWebhook(t.prisma, deliveryId, {
    ...deliverOptions,
    allowPrivate: false,
    lookup: rebinding,
  });
  expect(receiver.received.filter((r) => r.path === path)).toEqual([]);
  expect(outcome).toMatchObject({
    status: "failed",
    error: expect.stringMatching(/public addresses only/),
  });
  expect(asked.length).toBeGreaterThanOrEqual(2);
});

test("with WEBHOOKS_ALLOW_PRIVATE=on the same delivery reaches the receiver, signed", async () => {
  const { path, deliveryId } = await pendingDelivery();
  const outcome = await deliverWebhook(t.prisma, deliveryId, {
    ...deliverOptions,
    allowPrivate: true,
  });
  expect(outcome).toEqual({ status: "delivered", statusCode: 200 });
  expect(receiver.received.filter((r) => r.path === path)).toMatchObject([{ type: "webhook.test", verified: true }]);
});
