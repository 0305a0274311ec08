import { db } from "@/lib/server/db";
import { getActor } from "@/lib/server/session";
import { unreadCountResponse } from "./unread-count-response";

export async function GET(): Promise<Response> {
  return unreadCountResponse(db, await getActor());
}
