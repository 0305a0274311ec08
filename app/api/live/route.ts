import { liveUpdatesResponse } from "@/lib/server/live-updates";
import { getActor } from "@/lib/server/session";

// Server-Sent Events of job changes for the signed-in person (lib/live).
// Node.js: the stream is fed by the process's LISTEN connection.
export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export async function GET(request: Request): Promise<Response> {
  return liveUpdatesResponse(request, { actor: await getActor() });
}
