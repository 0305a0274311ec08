import "server-only";
import { replayWebhookDeliverySchema } from "@/lib/validation/webhook-admin";
import { replayWebhookDelivery as queueReplay } from "@/lib/webhooks/webhook-endpoints";
import { command } from "../command";

/** Sends one delivery again, with its original event id. */
export const replayWebhookDelivery = command(
  { name: "replayWebhookDelivery", input: replayWebhookDeliverySchema, roles: ["admin"] },
  async ({ input, db }) => {
    return queueReplay(db, input.deliveryId);
  },
);
