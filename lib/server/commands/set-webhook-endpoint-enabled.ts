import "server-only";
import { env } from "@/lib/env";
import { setWebhookEndpointEnabledSchema } from "@/lib/validation/webhook-admin";
import { updateWebhookEndpoint } from "@/lib/webhooks/webhook-endpoints";
import { command } from "../command";

/** An admin disables an endpoint, or enables it again (its failure count starts from zero). */
export const setWebhookEndpointEnabled = command(
  { name: "setWebhookEndpointEnabled", input: setWebhookEndpointEnabledSchema, roles: ["admin"] },
  async ({ input, db }) => {
    const endpoint = await updateWebhookEndpoint(
      db,
      input.endpointId,
      { enabled: input.enabled },
      { allowPrivate: env.WEBHOOKS_ALLOW_PRIVATE === "on" },
    );
    return { enabled: endpoint.enabled };
  },
);
