import "server-only";
import { webhookEndpointIdSchema } from "@/lib/validation/webhook-admin";
import { sendTestWebhook as queueTest } from "@/lib/webhooks/webhook-endpoints";
import { command } from "../command";

/** The test-send button: a webhook.test event to this endpoint only. */
export const sendTestWebhook = command(
  { name: "sendTestWebhook", input: webhookEndpointIdSchema, roles: ["admin"] },
  async ({ input, db }) => {
    return queueTest(db, input.endpointId);
  },
);
