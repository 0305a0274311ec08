"use server";

import { serverAction } from "@/lib/server/action";
import { createWebhookEndpoint } from "@/lib/server/commands/create-webhook-endpoint";
import { replayWebhookDelivery } from "@/lib/server/commands/replay-webhook-delivery";
import { sendTestWebhook } from "@/lib/server/commands/send-test-webhook";
import { setWebhookEndpointEnabled } from "@/lib/server/commands/set-webhook-endpoint-enabled";

// The commands check the admin role and validate; the page the admin is on comes back fresh.

const options = { revalidate: ["/admin/webhooks"], refresh: true };

export const createWebhookEndpointAction = serverAction(createWebhookEndpoint, { revalidate: ["/admin/webhooks"] });
export const setWebhookEndpointEnabledAction = serverAction(setWebhookEndpointEnabled, options);
export const sendTestWebhookAction = serverAction(sendTestWebhook, options);
export const replayWebhookDeliveryAction = serverAction(replayWebhookDelivery, options);
