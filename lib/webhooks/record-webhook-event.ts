import { v7 as uuidv7 } from "uuid";
import { Prisma, type SqlDb } from "@/lib/db/client";
import { enqueueWebhookDeliveries } from "./webhook-queue";

/**
 * The outbox: writes the event and one delivery per enabled endpoint that
 * subscribed to its type, and their pg-boss jobs, all in `db` (the change's
 * own transaction when a receiver calls it), so a change never loses its
 * event and a rolled-back change never sends one. Nothing is written when no
 * endpoint wants the event.
 *
 * Raw SQL, not Prisma's model API: receivers run on the change's own pg
 * connection (lib/jobs' receiverDb), which speaks SQL only. Ids are uuid v7
 * made here, as Prisma's `@default(uuid(7))` would.
 */
export async function recordWebhookEvent(
  db: SqlDb,
  type: string,
  data: Prisma.InputJsonObject,
  options: { endpointIds?: string[] } = {},
): Promise<{ eventId: string | null; deliveryIds: string[] }> {
  const endpoints = await db.$queryRaw<{ id: string }[]>(
    options.endpointIds
      ? Prisma.sql`SELECT id FROM webhook_endpoints WHERE id = ANY(${options.endpointIds}::uuid[]) ORDER BY id`
      : Prisma.sql`SELECT id FROM webhook_endpoints WHERE enabled AND ${type} = ANY(event_types) ORDER BY id`,
  );
  if (endpoints.length === 0) return { eventId: null, deliveryIds: [] };
  const eventId = uuidv7();
  const deliveryIds = endpoints.map(() => uuidv7());
  // One statement, so a call outside a transaction (a test-send) never leaves an event without its deliveries.
  await db.$executeRaw`
    WITH event AS (
      INSERT INTO webhook_events (id, type, payload) VALUES (${eventId}::uuid, ${type}, ${JSON.stringify(data)}::jsonb)
    )
    INSERT INTO webhook_deliveries (id, event_id, endpoint_id)
    SELECT d.id, ${eventId}::uuid, d.endpoint_id
    FROM unnest(${deliveryIds}::uuid[], ${endpoints.map((e) => e.id)}::uuid[]) AS d(id, endpoint_id)`;
  await enqueueWebhookDeliveries(db, deliveryIds);
  return { eventId, deliveryIds };
}
