import { Webhook } from "standardwebhooks";
import type { PrismaClient } from "@/lib/db/client";
import { isAppError } from "@/lib/errors";
import { jobRequested } from "@/lib/jobs";
import { checkWebhookUrl, type WebhookLookup } from "./check-webhook-url";
import { postWebhook } from "./post-webhook";

// One attempt at one delivery (an event to an endpoint). Like email delivery,
// no transaction stays open while the endpoint answers: the attempt claims the
// delivery (committed), sends with no lock held, then records the outcome.
// The claim is what keeps two workers (or a replay and a retry) from sending
// one delivery at the same time.

export interface DeliverWebhookOptions {
  /** Milliseconds an endpoint has to answer one attempt. */
  timeoutMs: number;
  /** Consecutive failed attempts after which an endpoint is disabled. */
  disableAfterFailures: number;
  allowPrivate: boolean;
  /** pg-boss's last retry: a failure now is final. */
  finalAttempt: boolean;
  /** How host names are resolved (the system's DNS); tests pass their own. */
  lookup?: WebhookLookup;
}

export type DeliverWebhookOutcome =
  | { status: "delivered"; statusCode: number }
  | { status: "skipped"; reason: string }
  | { status: "retry"; error: string }
  | { status: "failed"; error: string };

const MAX_ERROR_LENGTH = 500;

export async function deliverWebhook(
  prisma: PrismaClient,
  deliveryId: string,
  options: DeliverWebhookOptions,
): Promise<DeliverWebhookOutcome> {
  // Claimed for longer than an attempt can take; a worker that dies mid-send
  // leaves a claim that a later retry may take over once it has lapsed.
  const claimSeconds = Math.ceil(options.timeoutMs / 1000) + 30;
  const claimed = await prisma.$queryRaw<{ attempts: number }[]>`
    UPDATE webhook_deliveries SET status = 'delivering', attempts = attempts + 1, claimed_until = now() + make_interval(secs => ${claimSeconds})
    WHERE id = ${deliveryId}::uuid AND (status = 'pending' OR (status = 'delivering' AND claimed_until < now()))
    RETURNING attempts`;
  const attempt = claimed[0]?.attempts;
  if (attempt === undefined) return { status: "skipped", reason: "already delivered, failed, or being sent by another attempt" };

  const delivery = await prisma.webhookDelivery.findUniqueOrThrow({
    where: { id: deliveryId },
    select: {
      event: { select: { id: true, type: true, payload: true, createdAt: true } },
      endpoint: { select: { id: true, url: true, secret: true, enabled: true } },
    },
  });
  const { event, endpoint } = delivery;
  if (!endpoint.enabled) {
    await prisma.webhookDelivery.update({
      where: { id: deliveryId },
      data: { status: "failed", claimedUntil: null, lastError: "The endpoint is disabled." },
    });
    return { status: "skipped", reason: "endpoint disabled" };
  }

  // Standard Webhooks: the body is { type, timestamp, data }; webhook-id is
  // the event id (the same on every attempt, for the receiver's de-duplication).
  const body = JSON.stringify({ type: event.type, timestamp: event.createdAt.toISOString(), data: event.payload });
  const startedAt = new Date();
  let statusCode: number | null = null;
  let error: string | null = null;
  try {
    const url = await checkWebhookUrl(endpoint.url, { allowPrivate: options.allowPrivate, lookup: options.lookup });
    const signature = new Webhook(endpoint.secret).sign(event.id, startedAt, body);
    statusCode = await postWebhook(url, {
      body,
      headers: {
        "Content-Type": "application/json",
        "User-Agent": "jtbd-webhooks/1",
        "webhook-id": event.id,
        "webhook-timestamp": String(Math.floor(startedAt.getTime() / 1000)),
        "webhook-signature": signature,
      },
      timeoutMs: options.timeoutMs,
      allowPrivate: options.allowPrivate,
      lookup: options.lookup,
    });
    if (statusCode >= 300 && statusCode < 400)
      error = `Answered ${statusCode} (a redirect); redirects are not followed. Use the final URL.`;
    else if (statusCode >= 300) error = `Answered ${statusCode}.`;
  } catch (cause) {
    error = isAppError(cause)
      ? cause.userMessage
      : cause instanceof Error && cause.name === "TimeoutError"
        ? `No answer within ${options.timeoutMs / 1000} s.`
        : `Could not connect: ${cause instanceof Error ? ((cause.cause as Error | undefined)?.message ?? cause.message) : String(cause)}`;
  }
  const durationMs = Date.now() - startedAt.getTime();
  const ok = error === null;
  const final = !ok && options.finalAttempt;

  await prisma.$transaction(async (tx) => {
    await tx.webhookAttempt.create({
      data: { deliveryId, attempt, startedAt, durationMs, statusCode, error: error?.slice(0, MAX_ERROR_LENGTH) ?? null },
    });
    await tx.webhookDelivery.update({
      where: { id: deliveryId },
      data: ok
        ? { status: "delivered", claimedUntil: null, lastStatusCode: statusCode, lastError: null, deliveredAt: new Date() }
        : {
            status: final ? "failed" : "pending",
            claimedUntil: null,
            lastStatusCode: statusCode,
            lastError: error!.slice(0, MAX_ERROR_LENGTH),
          },
    });
    if (ok) {
      await tx.webhookEndpoint.updateMany({ where: { id: endpoint.id, consecutiveFailures: { gt: 0 } }, data: { consecutiveFailures: 0 } });
      return;
    }
    const [row] = await tx.$queryRaw<{ failures: number; enabled: boolean }[]>`
      UPDATE webhook_endpoints SET consecutive_failures = consecutive_failures + 1, updated_at = now()
      WHERE id = ${endpoint.id}::uuid RETURNING consecutive_failures AS failures, enabled`;
    if (row && row.enabled && row.failures >= options.disableAfterFailures) {
      // Disabled once (the conditional update), with one staff job through the engine.
      const { count } = await tx.webhookEndpoint.updateMany({
        where: { id: endpoint.id, enabled: true },
        data: {
          enabled: false,
          disabledReason: `Disabled after ${row.failures} failed deliveries in a row. Last: ${error}`.slice(0, MAX_ERROR_LENGTH),
        },
      });
      if (count === 1) {
        await jobRequested(tx, {
          jobType: "staff.fix-webhook-endpoint",
          target: { type: "webhook-endpoint", id: endpoint.id },
          metadata: { url: endpoint.url, failures: row.failures, lastError: error!.slice(0, MAX_ERROR_LENGTH) },
          idempotent: true,
          sender: "deliverWebhook",
          source: "system",
        });
      }
    }
  });
  if (ok) return { status: "delivered", statusCode: statusCode! };
  return final ? { status: "failed", error: error! } : { status: "retry", error: error! };
}
