import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createUser, uniqueId } from "@/test/fixtures";
import { createTestDatabase, type TestDatabase } from "@/test/database";
import { jobAssigned, jobCompleted, jobRequested } from "./index";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.close();
});

async function staffJob() {
  const target = { type: "document", id: uniqueId("doc") };
  const { job } = await jobRequested(t.prisma, { target, jobType: "staff.review-document" });
  return { target, job };
}

describe("jobAssigned", () => {
  test("assigns, reassigns and unassigns, recording from and to", async () => {
    const [ana, ben] = await Promise.all([createUser(t.prisma, { role: "staff" }), createUser(t.prisma, { role: "staff" })]);
    const { job } = await staffJob();

    await jobAssigned(t.prisma, { jobId: job.id, assignee: ana.id, by: ana.id, source: "staff" });
    await jobAssigned(t.prisma, { jobId: job.id, assignee: ben.id, by: ana.id, source: "staff" });
    const last = await jobAssigned(t.prisma, { jobId: job.id, assignee: null, by: ben.id, source: "staff" });

    expect(last).toMatchObject({ changed: true, job: { assignedToId: null } });
    const events = await t.prisma.jobEvent.findMany({ where: { jobId: job.id, kind: "assigned" }, orderBy: { id: "asc" } });
    expect(events.map((e) => e.data)).toEqual([
      { from: null, to: ana.id },
      { from: ana.id, to: ben.id },
      { from: ben.id, to: null },
    ]);
  });

  test("assigning to the current assignee changes nothing", async () => {
    const ana = await createUser(t.prisma, { role: "staff" });
    const { job } = await staffJob();
    await jobAssigned(t.prisma, { jobId: job.id, assignee: ana.id, source: "staff" });
    const again = await jobAssigned(t.prisma, { jobId: job.id, assignee: ana.id, source: "staff" });
    expect(again.changed).toBe(false);
    expect(await t.prisma.jobEvent.count({ where: { jobId: job.id, kind: "assigned" } })).toBe(1);
  });

  test("two people claiming at once: exactly one wins, the other is told", async () => {
    const [ana, ben] = await Promise.all([createUser(t.prisma, { role: "staff" }), createUser(t.prisma, { role: "staff" })]);
    const { job } = await staffJob();
    const claims = await Promise.allSettled(
      [ana, ben].map((u) => jobAssigned(t.prisma, { jobId: job.id, assignee: u.id, expectedAssignee: null, by: u.id, source: "staff" })),
    );
    expect(claims.filter((c) => c.status === "fulfilled")).toHaveLength(1);
    const lost = claims.find((c): c is PromiseRejectedResult => c.status === "rejected");
    expect(lost?.reason).toMatchObject({ code: "conflict", userMessage: "Someone else has already claimed this job." });
  });

  test.each([
    ["a job that does not exist", "not_found"],
    ["a completed job", "job_completed"],
  ] as const)("refuses %s", async (label, code) => {
    const ana = await createUser(t.prisma, { role: "staff" });
    const { target, job } = await staffJob();
    if (label === "a completed job") await jobCompleted(t.prisma, { target, jobType: "staff.review-document", source: "staff" });
    const jobId = label === "a job that does not exist" ? "0199a0a0-0000-7000-8000-000000000001" : job.id;
    await expect(jobAssigned(t.prisma, { jobId, assignee: ana.id, source: "staff" })).rejects.toMatchObject({ code });
  });

  test("refuses an assignee who does not exist", async () => {
    const { job } = await staffJob();
    await expect(
      jobAssigned(t.prisma, { jobId: job.id, assignee: "0199a0a0-0000-7000-8000-000000000002", source: "staff" }),
    ).rejects.toMatchObject({
      code: "invalid_input",
    });
  });
});
