import { afterAll, beforeAll, describe, expect, test, vi } from "vitest";
import type { PrismaClient, UserRow } from "@/lib/db/client";
import { jobRequested } from "@/lib/jobs";
import { connectNotificationReceivers } from "@/lib/notifications";
import type { Actor } from "@/lib/server/session";
import { createTestDatabase, type TestDatabase } from "@/test/database";
import { createUser } from "@/test/fixtures";
import { GET } from "./route";

// The bell's count, through the route's own GET. Who is asking comes from the
// session (replaced here: a test has no cookie), the count from this file's
// database.

const state = vi.hoisted(() => ({ db: undefined as PrismaClient | undefined, actor: null as Actor | null }));
vi.mock("@/lib/server/db", () => ({
  get db() {
    return state.db;
  },
}));
vi.mock("@/lib/server/session", () => ({ getActor: async () => state.actor }));

let t: TestDatabase;
let disconnect: () => void;
beforeAll(async () => {
  t = await createTestDatabase({ poolMax: 4 });
  state.db = t.prisma;
  disconnect = connectNotificationReceivers();
});
afterAll(async () => {
  disconnect?.();
  await t?.close();
});

const actorOf = (user: UserRow): Actor => ({ id: user.id, email: user.email, name: user.name, role: user.role });

async function withNotifications(count: number): Promise<UserRow> {
  const user = await createUser(t.prisma);
  const types = ["onboarding.complete-profile", "onboarding.upload-document", "onboarding.invite-teammate"].slice(0, count);
  for (const jobType of types) await jobRequested(t.prisma, { target: { type: "user", id: user.id }, jobType, assignedTo: user.id });
  return user;
}

describe("GET /api/notifications/unread", () => {
  test("signed out: 401 with a JSON message, no count", async () => {
    state.actor = null;

    const response = await GET();

    expect(response.status).toBe(401);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(await response.json()).toEqual({ ok: false, error: { code: "unauthenticated", message: "You are signed out. Sign in to see your notifications." } });
  });

  test("signed in: the person's own unread count, not anyone else's", async () => {
    const [me, other] = await Promise.all([withNotifications(2), withNotifications(3)]);
    state.actor = actorOf(me);

    const response = await GET();

    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(await response.json()).toEqual({ ok: true, data: { unread: 2 } });
    state.actor = actorOf(other);
    expect(await (await GET()).json()).toEqual({ ok: true, data: { unread: 3 } });
  });
});
