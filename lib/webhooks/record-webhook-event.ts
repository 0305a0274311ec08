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
  const [event] = await recordWebhookEvents(db, type, [data], options);
  return event ?? { eventId: null, deliveryIds: [] };
}

/**
 * Several events of one type at once (a completion actions every notification
 * its job sent): one endpoint lookup, one statement for the events and their
 * deliveries, one for their pg-boss jobs, whatever their number. Returns one
 * entry per event written (none when no endpoint wants the type).
 */
export async function recordWebhookEvents(
  db: SqlDb,
  type: string,
  events: readonly Prisma.InputJsonObject[],
  options: { endpointIds?: string[] } = {},
): Promise<{ eventId: string; deliveryIds: string[] }[]> {
  if (events.length === 0) return [];
  const endpoints = await db.$queryRaw<{ id: string }[]>(
    options.endpointIds
      ? Prisma.sql`SELECT id FROM webhook_endpoints WHERE id = ANY(${options.endpointIds}::uuid[]) ORDER BY id`
      : Prisma.sql`SELECT id FROM webhook_endpoints WHERE enabled AND ${type} = ANY(event_types) ORDER BY id`,
  );
  if (endpoints.length === 0) return [];
  const written = events.map(() => ({ eventId: uuidv7(), deliveryIds: endpoints.map(() => uuidv7()) }));
  // One statement, so a call outside a transaction (a test-send) never leaves an event without its deliveries.
  await db.$executeRaw`
    WITH events AS (
      INSERT INTO webhook_events (id, type, payload)
      SELECT e.id, ${type}, e.payload FROM unnest(${written.map((w) => w.eventId)}::uuid[], ${events.map((e) => JSON.stringify(e))}::jsonb[]) AS e(id, payload)
    )
    INSERT INTO webhook_deliveries (id, event_id, endpoint_id)
    SELECT d.id, d.event_id, d.endpoint_id
    FROM unnest(${written.flatMap((w) => w.deliveryIds)}::uuid[], ${written.flatMap((w) => endpoints.map(() => w.eventId))}::uuid[],
                ${written.flatMap(() => endpoints.map((e) => e.id))}::uuid[]) AS d(id, event_id, endpoint_id)`;
  await enqueueWebhookDeliveries(
    db,
    written.flatMap((w) => w.deliveryIds),
  );
  return written;
}
