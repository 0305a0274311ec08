import { randomUUID } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from "vitest";
import { jobCompleted, jobRequested } from "@/lib/jobs";
import { startJobs } from "@/lib/jobs/start-jobs";
import { startNotificationWorker, type NotificationWorker } from "@/lib/notifications/start-notification-worker";
import { createNotificationTestDatabase, type NotificationTestDatabase } from "@/test/notification-database";
import { checkWebhookUrl } from "./check-webhook-url";
import { startWebhookReceiver, type WebhookReceiver } from "./testing/start-webhook-receiver";
import { createWebhookEndpoint, replayWebhookDelivery, sendTestWebhook, webhookDeliveryLog } from "./webhook-endpoints";
import type { WebhookEventType } from "./webhook-event-types";
import { WEBHOOK_QUEUE } from "./webhook-queue";

// Webhooks end to end: the engine receivers write the outbox in the change's
// transaction, pg-boss workers on this file's database deliver to a real HTTP
// receiver on loopback, which verifies every signature with standardwebhooks.
// Waits poll with a deadline; nothing sleeps a fixed time.

let t: NotificationTestDatabase;
let receiver: WebhookReceiver;
let stopJobs: () => void;
const workers: NotificationWorker[] = [];

beforeAll(async () => {
  vi.spyOn(console, "log").mockImplementation(() => undefined);
  [t, receiver] = await Promise.all([createNotificationTestDatabase({ poolMax: 8 }), startWebhookReceiver()]);
  stopJobs = startJobs();
});
afterEach(async () => {
  await Promise.all(workers.splice(0).map((w) => w.stop()));
  // Each test's endpoints hear only that test's changes: an endpoint left
  // subscribed would get later tests' events (and, failing, be disabled and
  // raise a staff job, which is itself a job.requested event for the others).
  await t.prisma.webhookEndpoint.updateMany({ data: { enabled: false } });
});
afterAll(async () => {
  stopJobs?.();
  await receiver?.close();
  await t?.close();
});

async function worker(options: { disableAfterFailures?: number; retryLimit?: number } = {}) {
  const w = await startNotificationWorker({
    connectionString: t.url,
    poolMax: 3,
    pollingIntervalSeconds: 0.5,
    cron: false,
    concurrency: 1,
    name: `w${workers.length + 1}`,
    webhooks: {
      allowPrivate: true,
      timeoutMs: 2_000,
      retry: { retryLimit: options.retryLimit ?? 5, retryDelay: 1 },
      disableAfterFailures: options.disableAfterFailures ?? 20,
      concurrency: 2,
    },
  });
  workers.push(w);
  return w;
}

async function until<T>(what: string, check: () => T | Promise<T>, timeoutMs = 20_000): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function endpoint(path: string, eventTypes: WebhookEventType[]) {
  const created = await createWebhookEndpoint(t.prisma, { url: receiver.url(path), eventTypes }, { allowPrivate: true });
  receiver.secretFor(path, created.secret);
  return created;
}

const target = () => ({ type: "document", id: randomUUID() });
const receivedOn = (path: string) => receiver.received.filter((r) => r.path === path);

describe("delivery", () => {
  test("a completed job makes exactly one signed delivery per subscribed endpoint", async () => {
    const a = `/a-${randomUUID()}`;
    const b = `/b-${randomUUID()}`;
    const other = `/other-${randomUUID()}`;
    await endpoint(a, ["job.completed"]);
    await endpoint(b, ["job.completed", "job.requested"]);
    await endpoint(other, ["job.cancelled"]);
    await worker();
    const tgt = target();
    await jobRequested(t.prisma, { jobType: "staff.review-document", target: tgt, source: "system" });
    await jobCompleted(t.prisma, { jobType: "staff.review-document", target: tgt, source: "staff", note: "fine" });

    await until("both deliveries", () => receivedOn(a).length === 1 && receivedOn(b).length === 2);
    // Anything else would have arrived with these: one more delivery round for a.
    const last = (await t.prisma.webhookDelivery.findMany({ where: { endpoint: { url: receiver.url(a) } } })).length;
    expect(last).toBe(1);
    expect(receivedOn(a).map((r) => [r.type, r.verified, (r.body.data.job as { target: unknown }).target])).toEqual([
      ["job.completed", true, tgt],
    ]);
    expect(
      receivedOn(b)
        .map((r) => r.type)
        .sort(),
    ).toEqual(["job.completed", "job.requested"]);
    expect(receivedOn(b).every((r) => r.verified)).toBe(true);
    expect(receivedOn(other)).toEqual([]);
  });

  test("a receiver that answers 500 then 200 gets the event twice with the same webhook-id; the log shows both attempts", async () => {
    const path = `/flaky-${randomUUID()}`;
    const created = await endpoint(path, ["job.requested"]);
    receiver.answer(path, [500, 200]);
    await worker();
    await jobRequested(t.prisma, { jobType: "staff.review-document", target: target(), source: "system" });
    await until("the retry", () => receivedOn(path).length === 2);
    const [first, second] = receivedOn(path);
    expect(first!.id).toBe(second!.id);
    expect([first!.verified, second!.verified]).toEqual([true, true]);
    const log = await until("the log", async () => {
      const entries = await webhookDeliveryLog(t.prisma, created.id);
      return entries.length === 2 && entries[0]!.deliveryStatus === "delivered" ? entries : null;
    });
    expect(log.map((e) => [e.attempt, e.statusCode])).toEqual([
      [2, 200],
      [1, 500],
    ]);
  });

  test("a receiver that is down gets the event once it is back", async () => {
    const down = await startWebhookReceiver();
    const port = down.port;
    await down.close();
    const path = "/late";
    const created = await createWebhookEndpoint(
      t.prisma,
      { url: `http://127.0.0.1:${port}${path}`, eventTypes: ["job.requested"] },
      { allowPrivate: true },
    );
    await worker();
    await jobRequested(t.prisma, { jobType: "staff.review-document", target: target(), source: "system" });
    await until("a failed attempt", async () =>
      (await webhookDeliveryLog(t.prisma, created.id)).some((e) => e.error?.startsWith("Could not connect")),
    );
    const back = await startWebhookReceiver(port);
    try {
      back.secretFor(path, created.secret);
      await until("the delivery after it came back", () => back.received.length === 1, 30_000);
      expect(back.received[0]!.verified).toBe(true);
    } finally {
      await back.close();
    }
  });

  test("two workers deliver each event once and record one attempt per delivery", async () => {
    const path = `/busy-${randomUUID()}`;
    const created = await endpoint(path, ["job.requested"]);
    for (let i = 0; i < 12; i++) await jobRequested(t.prisma, { jobType: "staff.review-document", target: target(), source: "system" });
    // Each delivery twice on the queue (as a start-up requeue racing the
    // original job would put it): only the delivery row's claim stops a
    // second send, not pg-boss.
    const deliveries = await t.prisma.webhookDelivery.findMany({ where: { endpointId: created.id }, select: { id: true } });
    await t.boss.insert(deliveries.map((d) => ({ name: WEBHOOK_QUEUE, data: { deliveryId: d.id } })));
    // Started together, as a supervisor starts them: the queue's creation must survive the race.
    await Promise.all([worker(), worker()]);
    await until(
      "twelve deliveries",
      async () => (await t.prisma.webhookDelivery.count({ where: { endpointId: created.id, status: "delivered" } })) === 12,
    );
    const ids = receivedOn(path).map((r) => r.id);
    expect(ids).toHaveLength(12);
    expect(new Set(ids).size).toBe(12);
    expect(await t.prisma.webhookAttempt.count({ where: { delivery: { endpointId: created.id } } })).toBe(12);
    // The duplicates were worked too (and skipped) before we stop looking.
    await until("the duplicate jobs worked", async () => {
      const [row] = await t.prisma.$queryRaw<
        { open: number }[]
      >`SELECT count(*)::int AS open FROM pgboss.job WHERE name = ${WEBHOOK_QUEUE} AND state IN ('created', 'retry', 'active')`;
      return row?.open === 0;
    });
    expect(receivedOn(path)).toHaveLength(12);
  });

  test("a rolled-back change sends nothing: no outbox row, and the next change's event is the only one", async () => {
    const path = `/rollback-${randomUUID()}`;
    const created = await endpoint(path, ["job.requested"]);
    await worker();
    const rolledBack = target();
    await expect(
      t.prisma.$transaction(async (tx) => {
        await jobRequested(tx, { jobType: "staff.review-document", target: rolledBack, source: "system" });
        throw new Error("the domain change failed");
      }),
    ).rejects.toThrow("the domain change failed");
    const kept = target();
    await jobRequested(t.prisma, { jobType: "staff.review-document", target: kept, source: "system" });
    await until("the kept change's delivery", () => receivedOn(path).length === 1);
    expect((receivedOn(path)[0]!.body.data.job as { target: unknown }).target).toEqual(kept);
    expect(await t.prisma.webhookDelivery.count({ where: { endpointId: created.id } })).toBe(1);
  });

  test("the outbox receiver is required: when the event cannot be written, the change fails and leaves nothing", async () => {
    const path = `/refused-${randomUUID()}`;
    const created = await endpoint(path, ["job.requested"]);
    const refused = target();
    // A real failure of the outbox write, from PostgreSQL itself.
    await t.prisma.$executeRawUnsafe(
      `CREATE FUNCTION refuse_webhook_event() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'outbox unavailable'; END $$`,
    );
    await t.prisma.$executeRawUnsafe(
      `CREATE TRIGGER refuse_webhook_event BEFORE INSERT ON webhook_events FOR EACH ROW EXECUTE FUNCTION refuse_webhook_event()`,
    );
    try {
      await expect(jobRequested(t.prisma, { jobType: "staff.review-document", target: refused, source: "system" })).rejects.toThrow(
        /outbox unavailable/,
      );
    } finally {
      await t.prisma.$executeRawUnsafe(`DROP TRIGGER refuse_webhook_event ON webhook_events`);
      await t.prisma.$executeRawUnsafe(`DROP FUNCTION refuse_webhook_event()`);
    }
    expect(await t.prisma.job.count({ where: { targetType: refused.type, targetId: refused.id } })).toBe(0);
    expect(await t.prisma.webhookDelivery.count({ where: { endpointId: created.id } })).toBe(0);
  });

  test("an endpoint failing N times in a row is disabled once and raises one staff job", async () => {
    const path = `/broken-${randomUUID()}`;
    const created = await endpoint(path, ["job.requested"]);
    receiver.answer(path, [500]);
    await worker({ disableAfterFailures: 3, retryLimit: 1 });
    for (let i = 0; i < 3; i++) await jobRequested(t.prisma, { jobType: "staff.review-document", target: target(), source: "system" });
    const disabled = await until("disabled", async () => {
      const row = await t.prisma.webhookEndpoint.findUniqueOrThrow({ where: { id: created.id } });
      return row.enabled ? null : row;
    });
    expect(disabled.disabledReason).toMatch(/failed deliveries in a row/);
    const jobs = await t.prisma.job.findMany({ where: { jobType: "staff.fix-webhook-endpoint", targetId: created.id } });
    expect(jobs).toHaveLength(1);
    expect(jobs[0]!.status).toBe("pending");
  });

  test("test-send and replay reach the endpoint with the original event id", async () => {
    const path = `/manual-${randomUUID()}`;
    const created = await endpoint(path, ["job.cancelled"]);
    await worker();
    const sent = await sendTestWebhook(t.prisma, created.id);
    await until("the test event", () => receivedOn(path).length === 1);
    await until(
      "delivered",
      async () => (await t.prisma.webhookDelivery.findUniqueOrThrow({ where: { id: sent.deliveryId } })).status === "delivered",
    );
    await replayWebhookDelivery(t.prisma, sent.deliveryId);
    await until("the replay", () => receivedOn(path).length === 2);
    expect(receivedOn(path).map((r) => [r.type, r.id, r.verified])).toEqual([
      ["webhook.test", sent.eventId, true],
      ["webhook.test", sent.eventId, true],
    ]);
  });

  test("redirects are not followed: a 302 is a failed attempt and the target is never called", async () => {
    const path = `/redirect-${randomUUID()}`;
    const trap = `/trap-${randomUUID()}`;
    const created = await endpoint(path, ["job.requested"]);
    receiver.answer(path, [302], { Location: receiver.url(trap) });
    await worker({ retryLimit: 0 });
    await jobRequested(t.prisma, { jobType: "staff.review-document", target: target(), source: "system" });
    const log = await until("the attempt", async () => {
      const entries = await webhookDeliveryLog(t.prisma, created.id);
      return entries.length ? entries : null;
    });
    expect(log[0]).toMatchObject({ statusCode: 302, error: expect.stringMatching(/redirects are not followed/) });
    expect(receivedOn(trap)).toEqual([]);
  });
});

describe("no server-side request forgery", () => {
  test.each([
    "http://127.0.0.1/hook",
    "http://localhost:8080/hook",
    "http://10.1.2.3/hook",
    "http://172.16.0.1/hook",
    "http://192.168.1.1/hook",
    "http://169.254.169.254/latest/meta-data",
    "http://[::1]/hook",
    "http://[::ffff:127.0.0.1]/hook",
    "http://[fe80::1]/hook",
    "http://[fd00::1]/hook",
    "http://0.0.0.0/hook",
  ])("refused without WEBHOOKS_ALLOW_PRIVATE: %s", async (url) => {
    await expect(checkWebhookUrl(url, { allowPrivate: false })).rejects.toMatchObject({
      code: "invalid_input",
      fieldErrors: { url: [expect.stringMatching(/public addresses only|could not be found/)] },
    });
  });

  test.each(["ftp://example.com/x", "javascript:alert(1)", "https://user:pw@example.com/hook", "not a url"])(
    "refused always: %s",
    async (url) => {
      await expect(checkWebhookUrl(url, { allowPrivate: true })).rejects.toMatchObject({ code: "invalid_input" });
    },
  );

  test("allowed on loopback with WEBHOOKS_ALLOW_PRIVATE=on, as the tests run", async () => {
    await expect(checkWebhookUrl("http://127.0.0.1:9/hook", { allowPrivate: true })).resolves.toBeInstanceOf(URL);
  });
});

describe("notification.actioned", () => {
  test("completing a job whose notification reached someone sends notification.actioned for it", async () => {
    const path = `/actioned-${randomUUID()}`;
    await endpoint(path, ["notification.actioned"]);
    const staff = await t.prisma.user.create({ data: { email: `${randomUUID()}@jtbd.test`, role: "staff" } });
    await worker();
    const tgt = target();
    const { job } = await jobRequested(t.prisma, { jobType: "staff.review-document", target: tgt, source: "system" });
    await jobCompleted(t.prisma, { jobType: "staff.review-document", target: tgt, source: "staff" });
    const expected = await t.prisma.notification.count({ where: { jobId: job.id, actionedAt: { not: null } } });
    expect(expected).toBeGreaterThanOrEqual(1);
    await until("the actioned events", () => receivedOn(path).length === expected);
    const mine = receivedOn(path).find((r) => (r.body.data.notification as { recipientId: string }).recipientId === staff.id);
    expect(mine).toMatchObject({ type: "notification.actioned", verified: true });
    expect((mine!.body.data.job as { id: string }).id).toBe(job.id);
  });
});
