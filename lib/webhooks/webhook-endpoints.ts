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

const endpointSelect = {
  id: true,
  url: true,
  description: true,
  eventTypes: true,
  enabled: true,
  disabledReason: true,
  consecutiveFailures: true,
  createdAt: true,
  updatedAt: true,
} as const;

export interface WebhookUrlOptions {
  allowPrivate: boolean;
  /**
   * The caller ran checkWebhookUrl itself before opening its transaction (the
   * API does), so its DNS lookups hold no connection or lock: not again here.
   */
  urlChecked?: boolean;
}

export async function createWebhookEndpoint(db: Db, input: WebhookEndpointInput, options: WebhookUrlOptions) {
  if (!options.urlChecked) await checkWebhookUrl(input.url, options);
  const secret = newWebhookSecret();
  const endpoint = await db.webhookEndpoint.create({
    data: { url: input.url, eventTypes: [...new Set(input.eventTypes)], description: input.description ?? "", secret },
    select: endpointSelect,
  });
  return { ...endpoint, secret };
}

const notFound = () => new AppError("not_found", "That webhook endpoint does not exist.");

/** Never the signing secret: the admin page, the staff view and the API show this. Delivery reads the secret itself (deliver-webhook.ts). */
export async function getWebhookEndpoint(db: Db, id: string) {
  const endpoint = await db.webhookEndpoint.findUnique({ where: { id }, select: endpointSelect });
  if (!endpoint) throw notFound();
  return endpoint;
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

// One statement each, no read first: an endpoint deleted between a read and
// the write would make update()/delete() throw P2025 (a 500); a count of 0
// is the same "not found" a missing id gets.
export async function updateWebhookEndpoint(db: Db, id: string, change: WebhookEndpointChange, options: WebhookUrlOptions) {
  if (change.url !== undefined && !options.urlChecked) await checkWebhookUrl(change.url, options);
  const [updated] = await db.webhookEndpoint.updateManyAndReturn({
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
  if (!updated) throw notFound();
  return updated;
}

export async function deleteWebhookEndpoint(db: Db, id: string): Promise<void> {
  const { count } = await db.webhookEndpoint.deleteMany({ where: { id } });
  if (count === 0) throw notFound();
}

/** Sends a `webhook.test` event to this endpoint only, whatever it subscribed to. */
export async function sendTestWebhook(db: Db, id: string) {
  const endpoint = await getWebhookEndpoint(db, id);
  if (!endpoint.enabled) throw new AppError("conflict", "This endpoint is disabled. Enable it first, then send a test.");
  const { eventId, deliveryIds } = await recordWebhookEvent(
    db,
    WEBHOOK_TEST_EVENT,
    { message: "A test from jtbd. Verify the signature and answer 2xx." },
    { endpointIds: [id] },
  );
  return { eventId: eventId!, deliveryId: deliveryIds[0]! };
}

/** Sends one delivery again (same event id, so the receiver can tell it is the same event). */
export async function replayWebhookDelivery(db: Db, deliveryId: string) {
  const delivery = await db.webhookDelivery.findUnique({
    where: { id: deliveryId },
    select: { status: true, endpoint: { select: { enabled: true } } },
  });
  if (!delivery) throw new AppError("not_found", "That delivery does not exist.");
  if (!delivery.endpoint.enabled) throw new AppError("conflict", "This endpoint is disabled. Enable it first, then replay.");
  const { count } = await db.webhookDelivery.updateMany({
    where: { id: deliveryId, status: { in: ["delivered", "failed"] } },
    data: { status: "pending" },
  });
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
    select: {
      id: true,
      attempt: true,
      startedAt: true,
      statusCode: true,
      durationMs: true,
      error: true,
      delivery: { select: { id: true, status: true, event: { select: { id: true, type: true } } } },
    },
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
