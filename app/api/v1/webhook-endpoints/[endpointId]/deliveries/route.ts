import { webhookDeliveryLogRoute } from "@/lib/api/routes/webhook-routes";
import { serveApiRoute } from "@/lib/server/api-deps";

export const GET = serveApiRoute(webhookDeliveryLogRoute);
