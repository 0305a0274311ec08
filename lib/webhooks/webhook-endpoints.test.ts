import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { isAppError } from "@/lib/errors";
import { getWebhookEndpointForStaff } from "@/lib/server/queries/webhook-endpoint-for-staff";
import { createTestDatabase, type TestDatabase } from "@/test/database";
import { createWebhookEndpoint, deleteWebhookEndpoint, getWebhookEndpoint, updateWebhookEndpoint } from "./webhook-endpoints";

// Managing endpoints on this file's own PostgreSQL database: what the views
// are given (never the signing secret), and an endpoint deleted under a
// change answered as not found, not as a 500.

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase({ poolMax: 4 });
});
afterAll(async () => {
  await t?.close();
});

const allowPrivate = { allowPrivate: true };
const newEndpoint = () => createWebhookEndpoint(t.prisma, { url: "http://127.0.0.1:9/hook", eventTypes: ["job.completed"] }, allowPrivate);

describe("the signing secret stays out of the views", () => {
  test("getWebhookEndpoint and the staff view's data have no secret", async () => {
    const created = await newEndpoint();
    expect(created.secret).toMatch(/^whsec_/);
    const endpoint = await getWebhookEndpoint(t.prisma, created.id);
    expect(endpoint).not.toHaveProperty("secret");
    const staff = await getWebhookEndpointForStaff(t.prisma, created.id);
    expect(staff?.endpoint.id).toBe(created.id);
    expect(JSON.stringify(staff)).not.toContain(created.secret);
    expect(staff?.endpoint).not.toHaveProperty("secret");
  });
});

async function codeOf(promise: Promise<unknown>) {
  try {
    await promise;
    return "resolved";
  } catch (error) {
    return isAppError(error) ? error.code : `unexpected: ${String(error)}`;
  }
}

describe("a deleted or unknown endpoint is not_found, never a database error", () => {
  test.each([
    ["update", (id: string) => updateWebhookEndpoint(t.prisma, id, { description: "x" }, allowPrivate)],
    ["delete", (id: string) => deleteWebhookEndpoint(t.prisma, id)],
  ])("%s of an unknown id", async (_label, change) => {
    expect(await codeOf(change(randomUUID()))).toBe("not_found");
  });

  test.each([
    ["update", (id: string) => updateWebhookEndpoint(t.prisma, id, { description: "x" }, allowPrivate)],
    ["delete", (id: string) => deleteWebhookEndpoint(t.prisma, id)],
  ])("%s racing a delete: one wins, the other is not_found", async (_label, change) => {
    const { id } = await newEndpoint();
    // Both start before either finishes: with a read-then-write, the loser
    // passes its read and then fails on the row the winner removed.
    const results = await Promise.all([codeOf(deleteWebhookEndpoint(t.prisma, id)), codeOf(change(id))]);
    for (const result of results) expect(["resolved", "not_found"]).toContain(result);
    expect(results).toContain("resolved");
    expect(await t.prisma.webhookEndpoint.count({ where: { id } })).toBe(0);
  });
});
