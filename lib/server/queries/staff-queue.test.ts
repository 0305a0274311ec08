import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { jobAssigned, jobCancelled, jobCompleted, jobRequested } from "@/lib/jobs";
import { createUser, expireInThePast, requestRetiredJob, uniqueId } from "@/test/fixtures";
import { createTestDatabase, type TestDatabase } from "@/test/database";
import { listQueue, queueFiltersSchema, queueOverview } from "./staff-queue";
import { jobsTable } from "@/lib/jobs/job-sql";

let t: TestDatabase;
let me: string;
let other: string;
const jobType = "staff.review-document";
const docs = Array.from({ length: 12 }, (_, i) => `doc-${String(i + 1).padStart(2, "0")}`);

/** 12 review jobs created a minute apart (doc-01 oldest): 3 mine, 2 someone else's, 2 completed, 1 cancelled, 2 past due. */
beforeAll(async () => {
  t = await createTestDatabase();
  const p = t.prisma;
  [me, other] = await Promise.all([createUser(p, { role: "staff" }).then((u) => u.id), createUser(p, { role: "staff" }).then((u) => u.id)]);
  for (let i = 1; i <= 12; i++) {
    const id = docs[i - 1]!;
    const { job } = await jobRequested(p, { target: { type: "document", id }, jobType });
    await p.$executeRaw`UPDATE ${jobsTable} SET created_at = now() - ${60 - i} * interval '1 minute' WHERE id = ${job.id}::uuid`;
    if ([2, 5, 9].includes(i)) await jobAssigned(p, { jobId: job.id, assignee: me, source: "staff" });
    if ([3, 4].includes(i)) await jobAssigned(p, { jobId: job.id, assignee: other, source: "staff" });
    if ([6, 7].includes(i)) await jobCompleted(p, { target: { type: "document", id }, jobType, source: "staff", note: "ok" });
    if (i === 8) await jobCancelled(p, { target: { type: "document", id }, jobType, source: "staff", note: "duplicate" });
    if ([1, 2].includes(i)) await p.$executeRaw`UPDATE ${jobsTable} SET due_at = now() - interval '1 hour' WHERE id = ${job.id}::uuid`;
  }
  // One job of another staff queue, which must not show up here.
  await jobRequested(p, { target: { type: "user", id: "someone" }, jobType: "staff.rejected-upload" });
});
afterAll(async () => {
  await t?.close();
});

const filters = (raw: Record<string, string> = {}) => queueFiltersSchema.parse(raw);
const targets = (page: { rows: { targetId: string }[] }) => page.rows.map((r) => r.targetId);
const pick = (...n: number[]) => n.map((i) => docs[i - 1]);

describe("listQueue", () => {
  test.each([
    ["pending, everyone (the default)", {}, pick(1, 2, 3, 4, 5, 9, 10, 11, 12)],
    ["assigned to me", { assigned: "me" }, pick(2, 5, 9)],
    ["unassigned", { assigned: "unassigned" }, pick(1, 10, 11, 12)],
    ["completed", { status: "completed" }, pick(6, 7)],
    ["cancelled", { status: "cancelled" }, pick(8)],
    ["all statuses", { status: "all" }, docs],
    ["search by target id", { q: "doc-04" }, pick(4)],
    ["search with no match", { q: "doc-99" }, []],
    ["unknown filter values fall back to defaults", { status: "nope", assigned: "nobody" }, pick(1, 2, 3, 4, 5, 9, 10, 11, 12)],
  ])("%s", async (_label, raw, expected) => {
    expect(targets(await listQueue(t.prisma, jobType, filters(raw), me))).toEqual(expected);
  });

  test("pages with a keyset cursor until the last page", async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await listQueue(t.prisma, jobType, filters({ status: "all", ...(cursor ? { cursor } : {}) }), me, 5);
      seen.push(...targets(page));
      cursor = page.nextCursor ?? undefined;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toEqual(docs);
  });

  test("rows carry assignee, effective status and due date", async () => {
    const { rows } = await listQueue(t.prisma, jobType, filters({ status: "all" }), me);
    expect(rows[1]).toMatchObject({ targetId: "doc-02", status: "pending", assignee: { id: me }, dueAt: expect.any(Date) });
    expect(rows[5]).toMatchObject({ targetId: "doc-06", status: "completed", resolutionNote: "ok", assignee: null });
  });

  test.each([
    ["a user job type", "onboarding.read-guide", {}, "not_found"],
    ["an unknown job type", "nope.nope", {}, "not_found"],
    ["a tampered cursor", jobType, { cursor: "eyJub3BlIjp0cnVlfQ" }, "invalid_input"],
  ])("refuses %s", async (_label, type, raw, code) => {
    await expect(listQueue(t.prisma, type, filters(raw), me)).rejects.toMatchObject({ code });
  });
});

describe("queueOverview", () => {
  test("counts pending, unassigned and past-due jobs per staff queue, with the oldest", async () => {
    const overview = await queueOverview(t.prisma);
    const review = overview.find((q) => q.jobType === jobType)!;
    expect(review).toMatchObject({ pending: 9, unassigned: 4, pastDue: 2 });
    const oldest = await t.prisma.job.findFirstOrThrow({ where: { targetId: "doc-01" } });
    expect(review.oldestPendingAt).toEqual(oldest.createdAt);
    expect(overview.find((q) => q.jobType === "staff.rejected-upload")).toMatchObject({ pending: 1, unassigned: 1, pastDue: 0 });
    expect(overview.find((q) => q.jobType === "staff.bounced-invites")).toMatchObject({ pending: 0, oldestPendingAt: null });
  });

  // Runs after the exact counts above: it adds jobs, so it compares before and after.
  test("lists every staff queue in registry order and leaves out expired, finished and user jobs", async () => {
    const pending = async () => new Map((await queueOverview(t.prisma)).map((q) => [q.jobType, q.pending]));
    const before = await pending();

    await jobRequested(t.prisma, { target: { type: "document", id: uniqueId("doc") }, jobType });
    const lapsed = await jobRequested(t.prisma, {
      target: { type: "user", id: uniqueId("u") },
      jobType: "staff.bounced-invites",
      expiresAt: new Date(Date.now() + 60_000),
    });
    await expireInThePast(t.prisma, lapsed.job.id);
    const done = await jobRequested(t.prisma, { target: { type: "user", id: uniqueId("u") }, jobType: "staff.bounced-invites" });
    await jobCompleted(t.prisma, { target: { type: "user", id: done.job.targetId }, jobType: "staff.bounced-invites", source: "staff" });
    const user = await createUser(t.prisma);
    await jobRequested(t.prisma, { target: { type: "user", id: user.id }, jobType: "onboarding.read-guide", assignedTo: user.id });

    const after = await pending();
    expect([...after.keys()]).toEqual([
      "staff.review-document",
      "staff.rejected-upload",
      "staff.bounced-invites",
      "staff.fix-email-delivery",
      "staff.fix-webhook-endpoint",
    ]);
    expect([...after].map(([type, count]) => count - (before.get(type) ?? 0))).toEqual([1, 0, 0, 0, 0]);
  });

  // Last: it leaves a retired job pending for a while.
  test.each([
    {
      label: "an expired job",
      make: async () =>
        expireInThePast(
          t.prisma,
          (
            await requestRetiredJob(t.prisma, {
              jobType: "staff.bounced-invite",
              target: { type: "invite", id: uniqueId("inv") },
              expiresAt: new Date(Date.now() + 60_000),
            })
          ).id,
        ),
      shown: false,
    },
    {
      label: "a finished job",
      make: async () => {
        const job = await requestRetiredJob(t.prisma, { jobType: "staff.bounced-invite", target: { type: "invite", id: uniqueId("inv") } });
        await jobCancelled(t.prisma, {
          target: { type: "invite", id: job.targetId },
          jobType: "staff.bounced-invite",
          source: "staff",
          note: "Resent.",
        });
      },
      shown: false,
    },
    {
      label: "a pending job",
      make: async () =>
        void (await requestRetiredJob(t.prisma, { jobType: "staff.bounced-invite", target: { type: "invite", id: uniqueId("inv") } })),
      shown: true,
    },
  ])("a retired queue with $label is listed: $shown", async ({ make, shown }) => {
    await make();
    const retired = (await queueOverview(t.prisma)).find((q) => q.jobType === "staff.bounced-invite");
    if (shown) expect(retired).toMatchObject({ title: "Fix a bounced invitation", pending: 1, unassigned: 1 });
    else expect(retired).toBeUndefined();
  });
});
