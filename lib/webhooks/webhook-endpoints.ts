import { randomBytes } from "node:crypto";
import type { Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { checkWebhookUrl } from "./check-webhook-url";
import { recordWebhookEvent } from "./record-webhook-event";
import { WEBHOOK_TEST_EVENT, type WebhookEventType } from "./webhook-event-types";
import { enqueueWebhookDeliveries } from "./webhook-queue";

// Managing endpoints, shared by the admin page and the API (webhooks:manage).

export interface WebhookEndpointInput {
  url: string;
  eventTypes: readonly WebhookEventType[];
  description?: string;
}

/** A Standard Webhooks secret: "whsec_" + base64 of 32 random bytes. */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString("base64")}`;
}

const endpointSelect = { id: true, url: true, description: true, eventTypes: true, enabled: true, disabledReason: true, consecutiveFailures: true, createdAt: true, updatedAt: true } as const;

export async function createWebhookEndpoint(db: Db, input: WebhookEndpointInput, options: { allowPrivate: boolean }) {
  await checkWebhookUrl(input.url, options);
  const secret = newWebhookSecret();
  const endpoint = await db.webhookEndpoint.create({
    data: { url: input.url, eventTypes: [...new Set(input.eventTypes)], description: input.description ?? "", secret },
    select: endpointSelect,
  });
  return { ...endpoint, secret };
}

async function endpointOrThrow(db: Db, id: string) {
  const endpoint = await db.webhookEndpoint.findUnique({ where: { id }, select: { ...endpointSelect, secret: true } });
  if (!endpoint) throw new AppError("not_found", "That webhook endpoint does not exist.");
  return endpoint;
}

export async function getWebhookEndpoint(db: Db, id: string) {
  return endpointOrThrow(db, id);
}

export async function listWebhookEndpoints(db: Db) {
  return db.webhookEndpoint.findMany({ orderBy: [{ createdAt: "desc" }, { id: "desc" }], select: endpointSelect });
}

export interface WebhookEndpointChange {
  url?: string;
  eventTypes?: readonly WebhookEventType[];
  description?: string;
  /** true re-enables a disabled endpoint (its failure count starts again from zero). */
  enabled?: boolean;
}

export async function updateWebhookEndpoint(db: Db, id: string, change: WebhookEndpointChange, options: { allowPrivate: boolean }) {
  await endpointOrThrow(db, id);
  if (change.url !== undefined) await checkWebhookUrl(change.url, options);
  return db.webhookEndpoint.update({
    where: { id },
    data: {
      ...(change.url !== undefined ? { url: change.url } : {}),
      ...(change.eventTypes !== undefined ? { eventTypes: [...new Set(change.eventTypes)] } : {}),
      ...(change.description !== undefined ? { description: change.description } : {}),
      ...(change.enabled === true ? { enabled: true, disabledReason: null, consecutiveFailures: 0 } : {}),
      ...(change.enabled === false ? { enabled: false, disabledReason: "Disabled by an admin." } : {}),
    },
    select: endpointSelect,
  });
}

export async function deleteWebhookEndpoint(db: Db, id: string): Promise<void> {
  await endpointOrThrow(db, id);
  await db.webhookEndpoint.delete({ where: { id } });
}

/** Sends a `webhook.test` event to this endpoint only, whatever it subscribed to. */
export async function sendTestWebhook(db: Db, id: string) {
  const endpoint = await endpointOrThrow(db, id);
  if (!endpoint.enabled) throw new AppError("conflict", "This endpoint is disabled. Enable it first, then send a test.");
  const { eventId, deliveryIds } = await recordWebhookEvent(db, WEBHOOK_TEST_EVENT, { message: "A test from jtbd. Verify the signature and answer 2xx." }, { endpointIds: [id] });
  return { eventId: eventId!, deliveryId: deliveryIds[0]! };
}

/** Sends one delivery again (same event id, so the receiver can tell it is the same event). */
export async function replayWebhookDelivery(db: Db, deliveryId: string) {
  const delivery = await db.webhookDelivery.findUnique({ where: { id: deliveryId }, select: { status: true, endpoint: { select: { enabled: true } } } });
  if (!delivery) throw new AppError("not_found", "That delivery does not exist.");
  if (!delivery.endpoint.enabled) throw new AppError("conflict", "This endpoint is disabled. Enable it first, then replay.");
  const { count } = await db.webhookDelivery.updateMany({ where: { id: deliveryId, status: { in: ["delivered", "failed"] } }, data: { status: "pending" } });
  if (count === 0) throw new AppError("conflict", "This delivery is still being sent. Wait for it to finish, then replay.");
  await enqueueWebhookDeliveries(db, [deliveryId]);
  return { deliveryId };
}

export interface DeliveryLogEntry {
  attemptId: string;
  deliveryId: string;
  eventId: string;
  eventType: string;
  attempt: number;
  at: Date;
  statusCode: number | null;
  durationMs: number;
  error: string | null;
  deliveryStatus: string;
}

/** The endpoint's delivery log, newest attempt first. */
export async function webhookDeliveryLog(db: Db, endpointId: string, limit = 100): Promise<DeliveryLogEntry[]> {
  const attempts = await db.webhookAttempt.findMany({
    where: { delivery: { endpointId } },
    orderBy: { id: "desc" },
    take: limit,
    select: { id: true, attempt: true, startedAt: true, statusCode: true, durationMs: true, error: true, delivery: { select: { id: true, status: true, event: { select: { id: true, type: true } } } } },
  });
  return attempts.map((a) => ({
    attemptId: String(a.id),
    deliveryId: a.delivery.id,
    eventId: a.delivery.event.id,
    eventType: a.delivery.event.type,
    attempt: a.attempt,
    at: a.startedAt,
    statusCode: a.statusCode,
    durationMs: a.durationMs,
    error: a.error,
    deliveryStatus: a.delivery.status,
  }));
}
