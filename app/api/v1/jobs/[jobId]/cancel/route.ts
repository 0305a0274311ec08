import { cancelJobRoute } from "@/lib/api/routes/job-routes";
import { serveApiRoute } from "@/lib/server/api-deps";

export const POST = serveApiRoute(cancelJobRoute);
