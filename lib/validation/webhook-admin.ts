import { z } from "zod";
import { createWebhookEndpointBodySchema } from "./api";

// The admin page's webhook inputs: the API's own schemas, plus ids.

export const createWebhookEndpointSchema = createWebhookEndpointBodySchema;
export const webhookEndpointIdSchema = z.object({ endpointId: z.uuid({ error: "That is not a valid endpoint id." }) });
export const setWebhookEndpointEnabledSchema = webhookEndpointIdSchema.extend({ enabled: z.boolean() });
export const replayWebhookDeliverySchema = z.object({ deliveryId: z.uuid({ error: "That is not a valid delivery id." }) });
