import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { expireInThePast, uniqueId } from "@/test/fixtures";
import { createTestDatabase, type TestDatabase } from "@/test/database";
import { jobCompleted, jobRequested, jobsExtended } from "./index";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.close();
});

const jobType = "onboarding.read-guide";
const request = () => jobRequested(t.prisma, { target: { type: "user", id: uniqueId("u") }, jobType }).then((r) => r.job);

describe("jobsExtended", () => {
  test("moves pending jobs' expiry later with one event each; finished or lapsed jobs are skipped", async () => {
    const [a, b, done, lapsed] = await Promise.all([request(), request(), request(), request()]);
    await jobCompleted(t.prisma, { target: { type: "user", id: done.targetId }, jobType, source: "auto" });
    await expireInThePast(t.prisma, lapsed.id);

    const result = await jobsExtended(t.prisma, { jobIds: [a.id, b.id, done.id, lapsed.id, a.id], days: 7, source: "staff" });

    expect(result.jobs.map((j) => j.id).sort()).toEqual([a.id, b.id].sort());
    expect(result.skipped.sort()).toEqual([done.id, lapsed.id].sort());
    const extendedA = result.jobs.find((j) => j.id === a.id)!;
    expect(extendedA.expiresAt!.getTime() - a.expiresAt!.getTime()).toBe(7 * 86_400_000);
    const events = await t.prisma.jobEvent.findMany({ where: { kind: "extended" }, orderBy: { id: "asc" } });
    expect(events.map((e) => e.jobId).sort()).toEqual([a.id, b.id].sort());
    expect(events[0]!.data).toMatchObject({ days: 7 });
  });

  test.each([
    ["no jobs", { jobIds: [], days: 3, source: "staff" }],
    ["zero days", { jobIds: ["0199a0a0-0000-7000-8000-000000000000"], days: 0, source: "staff" }],
    ["a job id that is not an id", { jobIds: ["7"], days: 3, source: "staff" }],
  ])("refuses %s", async (_label, input) => {
    await expect(jobsExtended(t.prisma, input as never)).rejects.toMatchObject({ code: "invalid_input" });
  });

  test("a single job that is no longer pending is refused with a reason", async () => {
    const job = await request();
    await jobCompleted(t.prisma, { target: { type: "user", id: job.targetId }, jobType, source: "auto" });
    await expect(jobsExtended(t.prisma, { jobIds: [job.id], days: 3, source: "staff" })).rejects.toMatchObject({ code: "not_allowed" });
  });
});
