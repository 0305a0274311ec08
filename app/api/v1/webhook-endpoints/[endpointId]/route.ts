import { deleteWebhookEndpointRoute, getWebhookEndpointRoute, updateWebhookEndpointRoute } from "@/lib/api/routes/webhook-routes";
import { serveApiRoute } from "@/lib/server/api-deps";

export const GET = serveApiRoute(getWebhookEndpointRoute);
export const PATCH = serveApiRoute(updateWebhookEndpointRoute);
export const DELETE = serveApiRoute(deleteWebhookEndpointRoute);
