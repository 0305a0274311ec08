import { randomUUID } from "node:crypto";
import { startWebhookReceiver, type WebhookReceiver } from "../lib/webhooks/testing/start-webhook-receiver";
import { expectNoSeriousViolations } from "./axe";
import { test, expect, signIn } from "./fixtures";

// The HTTP API and webhooks as an admin meets them: a key made on the admin
// page requests a job over /api/v1, an endpoint registered on the webhooks
// page hears its completion (done in the browser, in the staff queue), signed
// and verified by a real receiver on loopback, and the delivery shows in the
// endpoint's log. The reference page renders under the pages' nonce CSP.

let receiver: WebhookReceiver;
test.beforeAll(async () => {
  receiver = await startWebhookReceiver();
});
test.afterAll(async () => {
  await receiver?.close();
});

test("an admin creates a key and an endpoint, and sees the delivery of a completed job in the log", async ({ page, createUser }) => {
  const admin = await createUser({ role: "admin" });
  await signIn(page, admin.email, admin.password);

  await page.goto("/admin/api-keys");
  await page.getByLabel("Name").fill("e2e billing");
  await page.getByRole("button", { name: "Create key" }).click();
  const key = (await page.getByTestId("new-api-key").textContent())?.trim() ?? "";
  expect(key).toMatch(/^jtbd_/);
  await expect(page.getByRole("listitem").filter({ hasText: "e2e billing" })).toContainText("jobs:read, jobs:write");
  await expectNoSeriousViolations(page);

  const path = `/e2e-${randomUUID()}`;
  await page.goto("/admin/webhooks");
  await page.getByLabel("URL").fill(receiver.url(path));
  await page.getByRole("button", { name: "Register endpoint" }).click();
  const secret = (await page.getByText(/^whsec_/).textContent())?.trim() ?? "";
  receiver.secretFor(path, secret);
  await expectNoSeriousViolations(page);

  const targetId = randomUUID();
  const requested = await page.request.post("/api/v1/jobs", {
    headers: { Authorization: `Bearer ${key}`, "Idempotency-Key": randomUUID() },
    data: { type: "staff.review-document", target: { type: "document", id: targetId } },
  });
  expect(requested.status()).toBe(201);

  await page.goto(`/staff/queues/staff.review-document?q=${targetId}`);
  await page.getByRole("button", { name: `Resolve document ${targetId}` }).click();
  const dialog = page.getByRole("dialog", { name: "Resolve job" });
  await dialog.getByRole("button", { name: "Resolve" }).click();
  await expect(page.getByText(`document ${targetId} is resolved.`)).toBeVisible();

  await expect.poll(() => receiver.received.filter((r) => r.path === path).map((r) => [r.type, r.verified]), { timeout: 20_000 }).toEqual([["job.completed", true]]);

  await page.goto("/admin/webhooks");
  await page.getByRole("link", { name: receiver.url(path) }).click();
  const log = page.getByRole("region", { name: "Delivery log" });
  await expect(log.getByRole("row").filter({ hasText: "job.completed" })).toContainText("200");
  await expectNoSeriousViolations(page);
});

test("the API reference renders the OpenAPI document under the pages' CSP, with no violations", async ({ page }) => {
  const violations: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy|Refused to/.test(message.text())) violations.push(message.text());
  });
  await page.goto("/api-reference");
  await expect(page.getByText("Request a job").first()).toBeVisible({ timeout: 20_000 });
  expect(violations).toEqual([]);
});
