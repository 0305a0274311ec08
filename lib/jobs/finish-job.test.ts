import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { countRows, createUser, expireInThePast, uniqueId } from "@/test/fixtures";
import { createTestDatabase, type TestDatabase } from "@/test/database";
import { expireDueJobs, jobCancelled, jobCompleted, jobRequested } from "./index";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.close();
});

const jobType = "onboarding.read-guide";
async function pendingJob() {
  const target = { type: "user", id: uniqueId("user") };
  const { job } = await jobRequested(t.prisma, { target, jobType });
  return { target, job };
}
const eventKinds = (jobId: string) =>
  t.prisma.jobEvent.findMany({ where: { jobId }, orderBy: { id: "asc" }, select: { kind: true } }).then((rows) => rows.map((r) => r.kind));

describe("jobCompleted", () => {
  test("completes the pending job with who, how and a note, and writes one event", async () => {
    const user = await createUser(t.prisma);
    const { target, job } = await pendingJob();
    const result = await jobCompleted(t.prisma, {
      target,
      jobType,
      by: user.id,
      source: "user",
      note: "read it twice",
      metadata: { via: "checkbox" },
    });

    expect(result.changed).toBe(true);
    expect(result.job).toMatchObject({
      id: job.id,
      status: "completed",
      completedById: user.id,
      completionSource: "user",
      resolutionNote: "read it twice",
      metadata: { via: "checkbox" },
    });
    expect(result.job!.completedAt).toBeInstanceOf(Date);
    const event = await t.prisma.jobEvent.findFirstOrThrow({ where: { jobId: job.id, kind: "completed" } });
    expect(event).toMatchObject({ actorId: user.id, source: "user", data: { note: "read it twice", metadata: { via: "checkbox" } } });
  });

  test("completing twice is harmless: the second call changes nothing and writes no event", async () => {
    const { target, job } = await pendingJob();
    const first = await jobCompleted(t.prisma, { target, jobType, source: "auto" });
    const second = await jobCompleted(t.prisma, { target, jobType, source: "auto" });

    expect(first.changed).toBe(true);
    expect(second.changed).toBe(false);
    expect(second.job?.completedAt).toEqual(first.job?.completedAt);
    expect(await eventKinds(job.id)).toEqual(["requested", "completed"]);
  });

  test("ten concurrent completions complete once", async () => {
    const { target, job } = await pendingJob();
    const results = await Promise.all(Array.from({ length: 10 }, () => jobCompleted(t.prisma, { target, jobType, source: "auto" })));
    expect(results.filter((r) => r.changed)).toHaveLength(1);
    expect(await eventKinds(job.id)).toEqual(["requested", "completed"]);
  });

  test("a target that never had the job: nothing to complete, nothing written", async () => {
    const before = await countRows(t.prisma);
    const result = await jobCompleted(t.prisma, { target: { type: "user", id: uniqueId("nobody") }, jobType, source: "auto" });
    expect(result).toEqual({ job: null, changed: false });
    expect(await countRows(t.prisma)).toEqual(before);
  });

  test("a job id that does not match the target is not found", async () => {
    const { target } = await pendingJob();
    const other = await pendingJob();
    await expect(jobCompleted(t.prisma, { target, jobType, jobId: other.job.id, source: "user" })).rejects.toMatchObject({
      code: "not_found",
    });
  });

  test("completes only the job named by jobId", async () => {
    const { target, job } = await pendingJob();
    const result = await jobCompleted(t.prisma, { target, jobType, jobId: job.id, source: "user" });
    expect(result.job?.id).toBe(job.id);
  });

  test.each([
    ["cancelled", "job_cancelled"],
    ["expired by the sweep", "job_expired"],
    ["pending but past its expiry", "job_expired"],
  ] as const)("refuses to complete a job that is %s, writing nothing", async (state, code) => {
    const { target, job } = await pendingJob();
    if (state === "cancelled") await jobCancelled(t.prisma, { target, jobType, source: "system" });
    else {
      await expireInThePast(t.prisma, job.id);
      if (state === "expired by the sweep") await expireDueJobs(t.prisma);
    }
    const before = await countRows(t.prisma);
    const row = await t.prisma.job.findUniqueOrThrow({ where: { id: job.id } });

    const error = await jobCompleted(t.prisma, { target, jobType, source: "auto" }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code, userMessage: expect.stringContaining("Read the getting started guide") });
    expect(await countRows(t.prisma)).toEqual(before);
    expect(await t.prisma.job.findUniqueOrThrow({ where: { id: job.id } })).toEqual(row);
  });

  test.each([
    ["no source", { target: { type: "user", id: "1" }, jobType }],
    ["an unknown source", { target: { type: "user", id: "1" }, jobType, source: "robot" }],
    ["no target", { jobType, source: "auto" }],
    ["metadata that is not an object", { target: { type: "user", id: "1" }, jobType, source: "auto", metadata: [1] }],
    ["a job id that is not an id", { target: { type: "user", id: "1" }, jobType, source: "auto", jobId: "42" }],
  ])("refuses %s as invalid input", async (_label, input) => {
    await expect(jobCompleted(t.prisma, input as never)).rejects.toMatchObject({ code: "invalid_input" });
  });

  test("refuses an unknown job type", async () => {
    // @ts-expect-error a key the registry does not have does not compile; a caller that casts it still meets the engine's check
    await expect(jobCompleted(t.prisma, { target: { type: "user", id: "1" }, jobType: "nope.nope", source: "auto" })).rejects.toMatchObject(
      {
        code: "unknown_job_type",
      },
    );
  });
});

describe("jobCancelled", () => {
  test("cancels with a reason; cancelling again is harmless", async () => {
    const { target, job } = await pendingJob();
    const first = await jobCancelled(t.prisma, { target, jobType, source: "user", note: "not for me" });
    const second = await jobCancelled(t.prisma, { target, jobType, source: "user" });

    expect(first).toMatchObject({ changed: true, job: { status: "cancelled", resolutionNote: "not for me", completionSource: "user" } });
    expect(second.changed).toBe(false);
    expect(await eventKinds(job.id)).toEqual(["requested", "cancelled"]);
  });

  test("refuses to cancel a completed job", async () => {
    const { target } = await pendingJob();
    await jobCompleted(t.prisma, { target, jobType, source: "auto" });
    await expect(jobCancelled(t.prisma, { target, jobType, source: "staff" })).rejects.toMatchObject({ code: "job_completed" });
  });

  test("refuses to cancel an expired job", async () => {
    const { target, job } = await pendingJob();
    await expireInThePast(t.prisma, job.id);
    await expect(jobCancelled(t.prisma, { target, jobType, source: "staff" })).rejects.toMatchObject({ code: "job_expired" });
  });
});
