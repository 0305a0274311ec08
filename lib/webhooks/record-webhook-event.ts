import type { Db, Prisma } from "@/lib/db/client";
import { enqueueWebhookDeliveries } from "./webhook-queue";

/**
 * The outbox: writes the event and one delivery per enabled endpoint that
 * subscribed to its type, and their pg-boss jobs, all in `db` (the change's
 * own transaction when a receiver calls it), so a change never loses its
 * event and a rolled-back change never sends one. Nothing is written when no
 * endpoint wants the event.
 */
export async function recordWebhookEvent(db: Db, type: string, data: Prisma.InputJsonObject, options: { endpointIds?: string[] } = {}): Promise<{ eventId: string | null; deliveryIds: string[] }> {
  const endpoints = await db.webhookEndpoint.findMany({
    where: options.endpointIds ? { id: { in: options.endpointIds } } : { enabled: true, eventTypes: { has: type } },
    select: { id: true },
  });
  if (endpoints.length === 0) return { eventId: null, deliveryIds: [] };
  const event = await db.webhookEvent.create({ data: { type, payload: data }, select: { id: true, createdAt: true } });
  const deliveryIds: string[] = [];
  for (const endpoint of endpoints) {
    const delivery = await db.webhookDelivery.create({ data: { eventId: event.id, endpointId: endpoint.id }, select: { id: true } });
    deliveryIds.push(delivery.id);
  }
  await enqueueWebhookDeliveries(db, deliveryIds);
  return { eventId: event.id, deliveryIds };
}
