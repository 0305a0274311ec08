import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { UserRow } from "@/lib/db/client";
import { jobCompleted, jobRequested, type JobTypeKey } from "@/lib/jobs";
import { createUser, expireInThePast, uniqueId } from "@/test/fixtures";
import { createTestDatabase, type TestDatabase } from "@/test/database";
import { getOnboardingFunnel } from "./get-onboarding-funnel";
import { getStaffQueueCounts } from "./get-staff-queue-counts";
import { getTodoList } from "./get-todo-list";

// The pages' read models. The rule they share: a job past its expiry is not
// pending for anyone, even while its row still says "pending".

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase({ poolMax: 4 });
});
afterAll(async () => {
  await t?.close();
});

async function jobFor(user: UserRow, jobType: JobTypeKey) {
  const { job } = await jobRequested(t.prisma, { target: { type: "user", id: user.id }, jobType, assignedTo: user.id });
  return job;
}

describe("getTodoList", () => {
  test("lists the person's own pending user jobs, oldest first, with what they may do", async () => {
    const user = await createUser(t.prisma);
    const guide = await jobFor(user, "onboarding.read-guide");
    const verify = await jobFor(user, "onboarding.verify-email");

    const items = await getTodoList(t.prisma, user.id);

    expect(items).toEqual([
      expect.objectContaining({ id: guide.id, title: "Read the getting started guide", href: "/guide", canComplete: true, canDismiss: true }),
      expect.objectContaining({ id: verify.id, title: "Verify your email address", canComplete: false, canDismiss: false }),
    ]);
  });

  test.each<{ label: string; arrange: (user: UserRow) => Promise<unknown> }>([
    { label: "someone else's job", arrange: async () => jobFor(await createUser(t.prisma), "onboarding.read-guide") },
    {
      label: "a job past its expiry that the sweep has not marked yet",
      arrange: async (user) => expireInThePast(t.prisma, (await jobFor(user, "onboarding.read-guide")).id),
    },
    {
      label: "a completed job",
      arrange: async (user) =>
        jobCompleted(t.prisma, { target: { type: "user", id: user.id }, jobType: "onboarding.read-guide", source: "user", by: user.id, jobId: (await jobFor(user, "onboarding.read-guide")).id }),
    },
    {
      label: "a staff job assigned to them",
      arrange: async (user) => jobRequested(t.prisma, { target: { type: "document", id: uniqueId("doc") }, jobType: "staff.review-document", assignedTo: user.id }),
    },
  ])("leaves out $label", async ({ arrange }) => {
    const user = await createUser(t.prisma, { role: "staff" });
    await arrange(user);
    expect(await getTodoList(t.prisma, user.id)).toEqual([]);
  });
});

describe("counts", () => {
  test("staff queues count pending staff jobs per type, not expired, finished or user jobs", async () => {
    const before = new Map((await getStaffQueueCounts(t.prisma)).map((q) => [q.jobType, q.pending]));

    await jobRequested(t.prisma, { target: { type: "document", id: uniqueId("doc") }, jobType: "staff.review-document" });
    await jobRequested(t.prisma, { target: { type: "document", id: uniqueId("doc") }, jobType: "staff.review-document" });
    const expired = await jobRequested(t.prisma, { target: { type: "invite", id: uniqueId("inv") }, jobType: "staff.bounced-invite", expiresAt: new Date(Date.now() + 60_000) });
    await expireInThePast(t.prisma, expired.job.id);
    await jobFor(await createUser(t.prisma), "onboarding.read-guide");

    const after = await getStaffQueueCounts(t.prisma);
    expect(after.map((q) => q.jobType)).toEqual(["staff.review-document", "staff.rejected-upload", "staff.bounced-invite"]);
    expect(after.map((q) => q.pending - (before.get(q.jobType) ?? 0))).toEqual([2, 0, 0]);
  });

  test("the onboarding funnel counts pending jobs per step, in step order, without expired ones", async () => {
    const before = (await getOnboardingFunnel(t.prisma)).map((s) => s.pending);

    const ann = await createUser(t.prisma);
    const bo = await createUser(t.prisma);
    await jobFor(ann, "onboarding.verify-email");
    await jobFor(bo, "onboarding.verify-email");
    await jobFor(ann, "onboarding.read-guide");
    await expireInThePast(t.prisma, (await jobFor(bo, "onboarding.read-guide")).id);

    const after = await getOnboardingFunnel(t.prisma);
    expect(after.map((s) => s.step)).toEqual([1, 2, 3, 4, 5]);
    expect(after.map((s, i) => s.pending - before[i]!)).toEqual([2, 0, 0, 0, 1]);
  });
});
