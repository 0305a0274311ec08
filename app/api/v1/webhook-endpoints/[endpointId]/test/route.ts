import { testWebhookEndpointRoute } from "@/lib/api/routes/webhook-routes";
import { serveApiRoute } from "@/lib/server/api-deps";

export const POST = serveApiRoute(testWebhookEndpointRoute);
