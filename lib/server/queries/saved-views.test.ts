import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { UserRow } from "@/lib/db/client";
import { jobAssigned, jobRequested } from "@/lib/jobs";
import { actorOf, createUser, uniqueId } from "@/test/fixtures";
import { createTestDatabase, type TestDatabase } from "@/test/database";
import { deleteQueueView } from "../commands/delete-queue-view";
import { saveQueueView } from "../commands/save-queue-view";
import { updateQueueView } from "../commands/update-queue-view";
import { listSavedViews, parseViewFilters, SAVED_VIEW_COUNT_CAP, viewParams } from "./saved-views";
import { listQueue, queueFiltersSchema } from "./staff-queue";

// Saved views on a real PostgreSQL: who may see, change and delete which
// view, filters checked when saved and again when read (a broken view shows
// as broken), and counts that match what the queue lists.

let t: TestDatabase;
let ann: UserRow;
let ben: UserRow;
let user: UserRow;
beforeAll(async () => {
  t = await createTestDatabase({ poolMax: 4 });
  ann = await createUser(t.prisma, { role: "staff", name: "Ann Staff" });
  ben = await createUser(t.prisma, { role: "staff", name: "Ben Staff" });
  user = await createUser(t.prisma, { role: "user" });
});
afterAll(async () => {
  await t?.close();
});

const run =
  <I>(cmd: { run: (actor: ReturnType<typeof actorOf> | null, input: unknown, o: { db: typeof t.prisma }) => Promise<I> }) =>
  (who: UserRow, input: unknown) =>
    cmd.run(actorOf(who), input, { db: t.prisma });
const save = run(saveQueueView);
const update = run(updateQueueView);
const remove = run(deleteQueueView);

async function saved(who: UserRow, input: { name: string; shared?: boolean; jobType?: string; filters?: Record<string, string> }) {
  const result = await save(who, { shared: false, jobType: "staff.review-document", filters: {}, ...input });
  if (!result.ok) throw new Error(result.error.message);
  return result.data.id;
}

describe("saving a view", () => {
  test("keeps the filters without their defaults, under a name unique per person", async () => {
    const id = await saved(ann, { name: "Mine unassigned", filters: { status: "pending", assigned: "unassigned" } });
    const row = await t.prisma.savedView.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({ ownerId: ann.id, name: "Mine unassigned", jobType: "staff.review-document", shared: false });
    expect(row.filters).toEqual({ assigned: "unassigned" });

    const twice = await save(ann, { name: "Mine unassigned", shared: true, jobType: "staff.review-document", filters: {} });
    expect(twice).toMatchObject({
      ok: false,
      error: { code: "invalid_input", fieldErrors: { name: ["You already have a view with this name."] } },
    });
    // Another person may use the same name.
    await saved(ben, { name: "Mine unassigned" });
  });

  test.each([
    { label: "an unknown filter", jobType: "staff.review-document", filters: { colour: "red" }, message: /colour/ },
    { label: "a value the queue does not have", jobType: "staff.review-document", filters: { status: "bogus" }, message: /bogus/ },
    { label: "a user's job type", jobType: "onboarding.read-guide", filters: {}, message: /queue no longer exists/ },
    { label: "a job type nobody has", jobType: "nope.nothing", filters: {}, message: /queue no longer exists/ },
  ])("refuses $label, writing nothing", async ({ jobType, filters, message }) => {
    const before = await t.prisma.savedView.count();
    const result = await save(ann, { name: uniqueId("v"), shared: false, jobType, filters });
    expect(result).toMatchObject({ ok: false, error: { code: "invalid_input" } });
    if (!result.ok) expect(result.error.message).toMatch(message);
    expect(await t.prisma.savedView.count()).toBe(before);
  });

  test.each([
    { label: "a blank name", input: { name: "  " } },
    { label: "a name too long", input: { name: "x".repeat(81) } },
    { label: "shared as text", input: { shared: "yes" } },
    { label: "a NUL in a filter", input: { filters: { q: "a\u0000b" } } },
  ])("refuses $label", async ({ input }) => {
    const result = await save(ann, { name: uniqueId("v"), shared: false, jobType: "staff.review-document", filters: {}, ...input });
    expect(result).toMatchObject({ ok: false, error: { code: "invalid_input" } });
  });

  test("only staff may save views", async () => {
    const result = await save(user, { name: "nope", shared: false, jobType: "staff.review-document", filters: {} });
    expect(result).toMatchObject({ ok: false, error: { code: "forbidden" } });
    const signedOut = await saveQueueView.run(
      null,
      { name: "nope", shared: false, jobType: "staff.review-document", filters: {} },
      { db: t.prisma },
    );
    expect(signedOut).toMatchObject({ ok: false, error: { code: "unauthenticated" } });
  });
});

describe("who sees and changes a view", () => {
  test("a private view is its owner's alone; a shared one every staff member's; only the owner may change or delete either", async () => {
    const secret = await saved(ann, { name: uniqueId("private") });
    const open = await saved(ann, { name: uniqueId("shared"), shared: true });

    const annSees = (await listSavedViews(t.prisma, ann.id)).map((v) => v.id);
    const benSees = await listSavedViews(t.prisma, ben.id);
    expect(annSees).toEqual(expect.arrayContaining([secret, open]));
    expect(benSees.map((v) => v.id)).toContain(open);
    expect(benSees.map((v) => v.id)).not.toContain(secret);
    expect(benSees.find((v) => v.id === open)).toMatchObject({ mine: false, shared: true, ownerName: "Ann Staff" });

    // Ben cannot rename, unshare or delete Ann's view, shared or private: it answers like a missing one.
    for (const id of [open, secret]) {
      expect(await update(ben, { id, name: "taken over", shared: false })).toMatchObject({ ok: false, error: { code: "not_found" } });
      expect(await remove(ben, { id })).toMatchObject({ ok: false, error: { code: "not_found" } });
    }
    expect(await t.prisma.savedView.findUniqueOrThrow({ where: { id: open } })).toMatchObject({ shared: true });

    // Ann makes the shared one private: Ben no longer sees it.
    expect(await update(ann, { id: open, name: "Now private", shared: false })).toMatchObject({ ok: true });
    expect((await listSavedViews(t.prisma, ben.id)).map((v) => v.id)).not.toContain(open);
    // A rename onto another of her names is refused with the field's message.
    const other = await saved(ann, { name: uniqueId("other") });
    expect(await update(ann, { id: other, name: "Now private", shared: false })).toMatchObject({
      ok: false,
      error: { fieldErrors: { name: ["You already have a view with this name."] } },
    });

    expect(await remove(ann, { id: open })).toMatchObject({ ok: true });
    expect(await remove(ann, { id: open })).toMatchObject({ ok: false, error: { code: "not_found" } });
  });

  test("a view whose filters no longer parse is listed as broken, with no count, and its owner can still delete it", async () => {
    const staffer = await createUser(t.prisma, { role: "staff" });
    const ok = await saved(staffer, { name: "a fine one" });
    // As if the queue's filters changed after the views were saved.
    const gone = await t.prisma.savedView.create({
      data: { ownerId: staffer.id, name: "gone queue", jobType: "staff.no-longer", filters: {} },
    });
    const oldValue = await t.prisma.savedView.create({
      data: { ownerId: staffer.id, name: "old status", jobType: "staff.review-document", filters: { status: "archived" } },
    });
    const notText = await t.prisma.savedView.create({
      data: { ownerId: staffer.id, name: "not text", jobType: "staff.review-document", filters: { status: 3 } },
    });
    const views = await listSavedViews(t.prisma, staffer.id);
    const byId = new Map(views.map((v) => [v.id, v]));
    expect(byId.get(ok)).toMatchObject({ view: { ok: true }, count: expect.any(Number) });
    expect(byId.get(gone.id)).toMatchObject({ view: { ok: false, problem: "Its queue no longer exists." }, count: null });
    expect(byId.get(oldValue.id)).toMatchObject({ view: { ok: false, problem: expect.stringContaining("archived") }, count: null });
    expect(byId.get(notText.id)).toMatchObject({ view: { ok: false }, count: null });
    expect(await remove(staffer, { id: gone.id })).toMatchObject({ ok: true });
  });
});

describe("counts", () => {
  test("each view counts what its queue page lists, in two statements for the whole list", async () => {
    const staffer = await createUser(t.prisma, { role: "staff" });
    const jobType = "staff.fix-webhook-endpoint";
    const targetIds = [uniqueId("ep"), uniqueId("ep"), uniqueId("ep")];
    const jobs = [];
    for (const id of targetIds) jobs.push((await jobRequested(t.prisma, { target: { type: "webhook-endpoint", id }, jobType })).job);
    await jobAssigned(t.prisma, { jobId: jobs[0]!.id, assignee: staffer.id, expectedAssignee: null, by: staffer.id, source: "staff" });

    const views = {
      all: await saved(staffer, { name: "all pending", jobType }),
      mine: await saved(staffer, { name: "mine", jobType, filters: { assigned: "me" } }),
      unassigned: await saved(staffer, { name: "unassigned", jobType, filters: { assigned: "unassigned" } }),
      one: await saved(staffer, { name: "one target", jobType, filters: { q: targetIds[2]! } }),
    };
    const statements: string[] = [];
    const listed = await listSavedViewsCounting(staffer.id, statements);
    expect(statements).toHaveLength(2);
    const count = (id: string) => listed.find((v) => v.id === id)?.count;

    // What the queue page lists with the same filters (the jobs other tests made are in other queues or other targets).
    const listedByQueue = async (filters: Record<string, string>) =>
      (await listQueue(t.prisma, jobType, queueFiltersSchema.parse(filters), staffer.id, 500)).rows.length;
    expect(count(views.all)).toBe(await listedByQueue({}));
    expect(count(views.mine)).toBe(1);
    expect(count(views.mine)).toBe(await listedByQueue({ assigned: "me" }));
    expect(count(views.unassigned)).toBe(await listedByQueue({ assigned: "unassigned" }));
    expect(count(views.one)).toBe(1);
    expect(count(views.all)).toBeGreaterThanOrEqual(3);
    expect(count(views.all)).toBeLessThanOrEqual(SAVED_VIEW_COUNT_CAP);
  });

  test("the filters round-trip: what a view keeps reads back as the filters it was saved from", () => {
    const filters = queueFiltersSchema.parse({ status: "all", assigned: "me", q: "doc-1" });
    const params = viewParams(filters);
    expect(params).toMatchObject({ status: "all", assigned: "me", q: "doc-1" });
    expect(params).not.toHaveProperty("cursor");
    const back = parseViewFilters("staff.review-document", params);
    expect(back).toMatchObject({ ok: true, filters: { ...filters, cursor: undefined } });
  });
});

/** listSavedViews on a client whose pg pool records each statement it sends. */
async function listSavedViewsCounting(me: string, statements: string[]) {
  const { pgPoolOf } = await import("@/lib/db/client");
  const pool = pgPoolOf(t.prisma)!;
  const original = pool.query.bind(pool);
  // Counting only: every call still goes to the real pool.
  pool.query = ((text: unknown, ...rest: unknown[]) => {
    statements.push(typeof text === "string" ? text : String((text as { text?: string }).text));
    return (original as (...args: unknown[]) => unknown)(text, ...rest);
  }) as typeof pool.query;
  try {
    return await listSavedViews(t.prisma, me);
  } finally {
    pool.query = original as typeof pool.query;
  }
}
