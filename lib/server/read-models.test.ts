import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { UserRow } from "@/lib/db/client";
import { jobRequested, type JobTypeKey } from "@/lib/jobs";
import { createUser, expireInThePast, uniqueId } from "@/test/fixtures";
import { createTestDatabase, type TestDatabase } from "@/test/database";
import { getStaffQueueCounts } from "./get-staff-queue-counts";

// The pages' read models. The rule they share: a job past its expiry is not
// pending for anyone, even while its row still says "pending". (The todo
// list's own tests are in queries/todo-list.test.ts.)

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
});
