import { createWebhookEndpointRoute, listWebhookEndpointsRoute } from "@/lib/api/routes/webhook-routes";
import { serveApiRoute } from "@/lib/server/api-deps";

export const GET = serveApiRoute(listWebhookEndpointsRoute);
export const POST = serveApiRoute(createWebhookEndpointRoute);
