import { randomUUID } from "node:crypto";
import { deliverWebhook } from "../lib/webhooks/deliver-webhook";
import { startWebhookReceiver, type WebhookReceiver } from "../lib/webhooks/testing/start-webhook-receiver";
import { createWebhookEndpoint, sendTestWebhook } from "../lib/webhooks/webhook-endpoints";
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

  await expect
    .poll(() => receiver.received.filter((r) => r.path === path).map((r) => [r.type, r.verified]), { timeout: 20_000 })
    .toEqual([["job.completed", true]]);

  await page.goto("/admin/webhooks");
  await page.getByRole("link", { name: receiver.url(path) }).click();
  const log = page.getByRole("region", { name: "Delivery log" });
  await expect(log.getByRole("row").filter({ hasText: "job.completed" })).toContainText("200");
  await expectNoSeriousViolations(page);
});

test("a failing endpoint's staff job: plain staff see what failed and cannot change it; an admin enables it again", async ({
  page,
  createUser,
  prisma,
}) => {
  const staff = await createUser({ role: "staff" });
  const admin = await createUser({ role: "admin" });
  const path = `/failing-${randomUUID()}`;
  receiver.answer(path, [500]);
  const url = receiver.url(path);
  const endpoint = await createWebhookEndpoint(
    prisma,
    { url, eventTypes: ["job.expired"], description: "e2e CRM sync" },
    { allowPrivate: true },
  );
  receiver.secretFor(path, endpoint.secret);
  // The real failure path: a test event answered 500 by the receiver disables
  // the endpoint (after 1 failure here) and raises the staff job. The e2e
  // worker may hold the delivery's claim first; then this waits its turn.
  const { deliveryId } = await sendTestWebhook(prisma, endpoint.id);
  await expect
    .poll(
      async () =>
        (await deliverWebhook(prisma, deliveryId, { timeoutMs: 5_000, disableAfterFailures: 1, allowPrivate: true, finalAttempt: true }))
          .status,
      { timeout: 20_000 },
    )
    .toBe("failed");
  const job = await prisma.job.findFirstOrThrow({
    where: { jobType: "staff.fix-webhook-endpoint", targetId: endpoint.id, status: "pending" },
    select: { id: true },
  });

  await signIn(page, staff.email, staff.password);
  await page.goto(`/staff/queues/staff.fix-webhook-endpoint/${job.id}`);
  await page.getByRole("link", { name: url }).click();
  await expect(page).toHaveURL(new RegExp(`/staff/webhooks/${endpoint.id}$`));
  await expect(page.getByRole("heading", { name: "Webhook endpoint" })).toBeVisible();
  await expect(page.getByText(/Disabled after \d+ failed deliveries in a row/)).toBeVisible();
  const log = page.getByRole("region", { name: "Delivery log" });
  await expect(log.getByRole("row").filter({ hasText: "webhook.test" }).first()).toContainText("Answered 500.");
  await expect(page.getByText("Only an admin can enable this endpoint again")).toBeVisible();
  await expect(page.getByRole("button", { name: "Enable" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: /Replay/ })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Send a test event" })).toHaveCount(0);
  await expectNoSeriousViolations(page);
  // The admin pages stay closed to plain staff.
  expect((await page.goto(`/admin/webhooks/${endpoint.id}`))?.status()).toBe(403);

  await page.context().clearCookies();
  await signIn(page, admin.email, admin.password);
  await page.goto(`/staff/webhooks/${endpoint.id}`);
  await expect(page.getByRole("button", { name: "Replay webhook.test (attempt 1)" })).toBeVisible();
  await page.getByRole("button", { name: "Enable" }).click();
  await expect(page.getByText("Enabled again.")).toBeVisible();
  await expect(page.getByRole("button", { name: "Disable" })).toBeVisible();
  expect((await prisma.webhookEndpoint.findUniqueOrThrow({ where: { id: endpoint.id }, select: { enabled: true } })).enabled).toBe(true);
  await expectNoSeriousViolations(page);
  // Nothing else may reach this endpoint from here on: other tests' events are theirs.
  await prisma.webhookEndpoint.update({ where: { id: endpoint.id }, data: { enabled: false } });
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
