import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { actorOf, createUser } from "@/test/fixtures";
import { createTestDatabase, type TestDatabase } from "@/test/database";
import { createWebhookEndpoint } from "./create-webhook-endpoint";
import { replayWebhookDelivery } from "./replay-webhook-delivery";
import { sendTestWebhook } from "./send-test-webhook";
import { setWebhookEndpointEnabled } from "./set-webhook-endpoint-enabled";

// The admin page's webhook commands: admins only, checked in every command,
// and a refusal writes nothing. (Delivery itself: lib/webhooks/webhooks.test.ts.)

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase({ poolMax: 4 });
});
afterAll(async () => {
  await t?.close();
});

describe("webhook admin commands", () => {
  test("staff and product are refused every command; nothing is written", async () => {
    for (const role of ["staff", "product", "user"] as const) {
      const actor = actorOf(await createUser(t.prisma, { role }));
      const someId = "01a22d5a-a1aa-75bc-96b4-32d913f5407a";
      for (const [cmd, input] of [
        [createWebhookEndpoint, { url: "https://example.com/h", eventTypes: ["job.completed"] }],
        [setWebhookEndpointEnabled, { endpointId: someId, enabled: false }],
        [sendTestWebhook, { endpointId: someId }],
        [replayWebhookDelivery, { deliveryId: someId }],
      ] as const) {
        expect(await cmd.run(actor, input, { db: t.prisma })).toMatchObject({ ok: false, error: { code: "forbidden" } });
      }
    }
    expect(await t.prisma.webhookEndpoint.count()).toBe(0);
  });

  test.each([
    [{ url: "http://169.254.169.254/latest", eventTypes: ["job.completed"] }, "url"],
    [{ url: "http://10.0.0.1/h", eventTypes: ["job.completed"] }, "url"],
    [{ url: "https://example.com/h", eventTypes: [] }, "eventTypes"],
    [{ url: "https://example.com/h\u0000", eventTypes: ["job.completed"] }, "url"],
  ])("an admin's bad endpoint is refused on its field: %j", async (input, field) => {
    const admin = actorOf(await createUser(t.prisma, { role: "admin" }));
    const result = await createWebhookEndpoint.run(admin, input, { db: t.prisma });
    expect(result).toMatchObject({ ok: false, error: { code: "invalid_input", fieldErrors: { [field]: expect.any(Array) } } });
    expect(await t.prisma.webhookEndpoint.count()).toBe(0);
  });

  test("an unknown endpoint or delivery is a clear not_found", async () => {
    const admin = actorOf(await createUser(t.prisma, { role: "admin" }));
    const missing = "01a22d5a-a1aa-75bc-96b4-32d913f5407a";
    expect(await sendTestWebhook.run(admin, { endpointId: missing }, { db: t.prisma })).toMatchObject({
      ok: false,
      error: { code: "not_found" },
    });
    expect(await replayWebhookDelivery.run(admin, { deliveryId: missing }, { db: t.prisma })).toMatchObject({
      ok: false,
      error: { code: "not_found" },
    });
    expect(await setWebhookEndpointEnabled.run(admin, { endpointId: missing, enabled: true }, { db: t.prisma })).toMatchObject({
      ok: false,
      error: { code: "not_found" },
    });
  });
});
