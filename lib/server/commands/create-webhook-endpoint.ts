import "server-only";
import { env } from "@/lib/env";
import { createWebhookEndpointSchema } from "@/lib/validation/webhook-admin";
import { createWebhookEndpoint as storeEndpoint } from "@/lib/webhooks/webhook-endpoints";
import { command } from "../command";

/** An admin registers an endpoint; the answer carries its signing secret, the only time it is shown. */
export const createWebhookEndpoint = command(
  { name: "createWebhookEndpoint", input: createWebhookEndpointSchema, roles: ["admin"] },
  async ({ input, db }) => {
    const created = await storeEndpoint(db, input, { allowPrivate: env.WEBHOOKS_ALLOW_PRIVATE === "on" });
    return { id: created.id, url: created.url, secret: created.secret };
  },
);
