import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { UserRow } from "@/lib/db/client";
import { jobRequested } from "@/lib/jobs";
import { connectNotificationReceivers } from "@/lib/notifications";
import { createTestDatabase, type TestDatabase } from "@/test/database";
import { actorOf, createUser } from "@/test/fixtures";
import { unreadCountResponse } from "./unread-count-response";

// The bell's count, as GET /api/notifications/unread answers it for whoever
// the session says is asking (the browser tests cover reading the session).

let t: TestDatabase;
let disconnect: () => void;
beforeAll(async () => {
  t = await createTestDatabase({ poolMax: 4 });
  disconnect = connectNotificationReceivers();
});
afterAll(async () => {
  disconnect?.();
  await t?.close();
});

async function withNotifications(count: number): Promise<UserRow> {
  const user = await createUser(t.prisma);
  const types = (["onboarding.complete-profile", "onboarding.upload-document", "onboarding.invite-teammate"] as const).slice(0, count);
  for (const jobType of types) await jobRequested(t.prisma, { target: { type: "user", id: user.id }, jobType, assignedTo: user.id });
  return user;
}

describe("the unread count behind GET /api/notifications/unread", () => {
  test("signed out: 401 with a JSON message, no count", async () => {
    const response = await unreadCountResponse(t.prisma, null);

    expect(response.status).toBe(401);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(await response.json()).toEqual({
      ok: false,
      error: { code: "unauthenticated", message: "You are signed out. Sign in to see your notifications." },
    });
  });

  test("signed in: the person's own unread count, not anyone else's", async () => {
    const [me, other] = await Promise.all([withNotifications(2), withNotifications(3)]);
    const response = await unreadCountResponse(t.prisma, actorOf(me));

    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(await response.json()).toEqual({ ok: true, data: { unread: 2 } });
    expect(await (await unreadCountResponse(t.prisma, actorOf(other))).json()).toEqual({ ok: true, data: { unread: 3 } });
  });
});
