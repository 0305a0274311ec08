import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { AppError } from "@/lib/errors";
import { countRows, createUser, expireInThePast, uniqueId } from "@/test/fixtures";
import { createTestDatabase, type TestDatabase } from "@/test/database";
import { jobCompleted, jobRequested } from "./index";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.close();
});

const userTarget = () => ({ type: "user", id: uniqueId("user") });

describe("jobRequested", () => {
  test("creates a pending job with the type's defaults and a requested event", async () => {
    const target = userTarget();
    const { job, created } = await jobRequested(t.prisma, {
      target,
      jobType: "onboarding.read-guide",
      metadata: { from: "test" },
      sender: "request-job.test",
    });

    expect(created).toBe(true);
    expect(job).toMatchObject({
      jobType: "onboarding.read-guide",
      status: "pending",
      targetType: "user",
      targetId: target.id,
      priority: "normal",
      metadata: { from: "test" },
      completedAt: null,
      completionSource: null,
    });
    // onboarding.read-guide expires after 30 days, on the database clock.
    const lifetimeDays = (job.expiresAt!.getTime() - job.createdAt.getTime()) / 86_400_000;
    expect(lifetimeDays).toBeCloseTo(30, 5);
    expect(job.dueAt).toBeNull();

    const events = await t.prisma.jobEvent.findMany({ where: { jobId: job.id } });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ kind: "requested", source: "system", data: { sender: "request-job.test" } });
  });

  test("a staff type gets its default due date and keeps an explicit assignee and priority", async () => {
    const staff = await createUser(t.prisma, { role: "staff" });
    const { job } = await jobRequested(t.prisma, {
      target: { type: "document", id: uniqueId("doc") },
      jobType: "staff.review-document",
      assignedTo: staff.id,
      priority: "high",
    });
    expect(job.assignedToId).toBe(staff.id);
    expect(job.priority).toBe("high");
    expect(job.expiresAt).toBeNull();
    expect((job.dueAt!.getTime() - job.createdAt.getTime()) / 3_600_000).toBeCloseTo(48, 5);
  });

  test("idempotent: a second request returns the pending job and writes nothing", async () => {
    const target = userTarget();
    const first = await jobRequested(t.prisma, { target, jobType: "onboarding.verify-email", idempotent: true });
    const before = await countRows(t.prisma);
    const second = await jobRequested(t.prisma, {
      target,
      jobType: "onboarding.verify-email",
      idempotent: true,
      metadata: { ignored: true },
    });

    expect(second.created).toBe(false);
    expect(second.job.id).toBe(first.job.id);
    expect(second.job.metadata).toEqual({});
    expect(await countRows(t.prisma)).toEqual(before);
  });

  test("not idempotent: a second pending job for the same target and type is refused", async () => {
    const target = userTarget();
    await jobRequested(t.prisma, { target, jobType: "onboarding.verify-email" });
    const before = await countRows(t.prisma);

    await expect(jobRequested(t.prisma, { target, jobType: "onboarding.verify-email" })).rejects.toMatchObject({
      code: "duplicate_pending_job",
    });
    expect(await countRows(t.prisma)).toEqual(before);
  });

  test("50 concurrent idempotent requests leave exactly one pending job and one event", async () => {
    const target = userTarget();
    const results = await Promise.all(
      Array.from({ length: 50 }, () => jobRequested(t.prisma, { target, jobType: "onboarding.complete-profile", idempotent: true })),
    );

    const ids = new Set(results.map((r) => r.job.id));
    expect(ids.size).toBe(1);
    expect(results.filter((r) => r.created)).toHaveLength(1);
    const jobs = await t.prisma.job.findMany({ where: { targetId: target.id } });
    expect(jobs).toHaveLength(1);
    expect(await t.prisma.jobEvent.count({ where: { jobId: jobs[0]!.id } })).toBe(1);
  });

  test("50 concurrent plain requests: one wins, the others are told a job is pending", async () => {
    const target = userTarget();
    const results = await Promise.allSettled(
      Array.from({ length: 50 }, () => jobRequested(t.prisma, { target, jobType: "onboarding.complete-profile" })),
    );
    const fulfilled = results.filter((r) => r.status === "fulfilled");
    const rejected = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(fulfilled).toHaveLength(1);
    expect(rejected).toHaveLength(49);
    for (const r of rejected) expect(r.reason).toMatchObject({ code: "duplicate_pending_job" });
    expect(await t.prisma.job.count({ where: { targetId: target.id } })).toBe(1);
  });

  test("once the pending job is completed, a new request creates a new job", async () => {
    const target = userTarget();
    const first = await jobRequested(t.prisma, { target, jobType: "onboarding.read-guide", idempotent: true });
    await jobCompleted(t.prisma, { target, jobType: "onboarding.read-guide", source: "user" });
    const second = await jobRequested(t.prisma, { target, jobType: "onboarding.read-guide", idempotent: true });
    expect(second.created).toBe(true);
    expect(second.job.id).not.toBe(first.job.id);
  });

  test("a pending job past its expiry is expired, not returned, and a new one is created", async () => {
    const target = userTarget();
    const old = await jobRequested(t.prisma, { target, jobType: "onboarding.read-guide" });
    await expireInThePast(t.prisma, old.job.id);

    const fresh = await jobRequested(t.prisma, { target, jobType: "onboarding.read-guide", idempotent: true });
    expect(fresh.created).toBe(true);
    expect(fresh.job.id).not.toBe(old.job.id);
    const oldNow = await t.prisma.job.findUniqueOrThrow({ where: { id: old.job.id } });
    expect(oldNow.status).toBe("expired");
    expect(await t.prisma.jobEvent.findMany({ where: { jobId: old.job.id }, select: { kind: true }, orderBy: { id: "asc" } })).toEqual([
      { kind: "requested" },
      { kind: "expired" },
    ]);
  });

  const big = { blob: "x".repeat(16 * 1024) };
  test.each([
    ["an unknown job type", { target: { type: "user", id: "1" }, jobType: "nope.not-a-type" }, "unknown_job_type"],
    ["no job type", { target: { type: "user", id: "1" } }, "invalid_input"],
    ["no target", { jobType: "onboarding.read-guide" }, "invalid_input"],
    ["a target without an id", { target: { type: "user" }, jobType: "onboarding.read-guide" }, "invalid_input"],
    ["a blank target id", { target: { type: "user", id: "  " }, jobType: "onboarding.read-guide" }, "invalid_input"],
    ["the wrong kind of target", { target: { type: "document", id: "1" }, jobType: "onboarding.read-guide" }, "invalid_input"],
    [
      "metadata that is an array",
      { target: { type: "user", id: "1" }, jobType: "onboarding.read-guide", metadata: [1, 2] },
      "invalid_input",
    ],
    [
      "metadata that is a string",
      { target: { type: "user", id: "1" }, jobType: "onboarding.read-guide", metadata: "hello" },
      "invalid_input",
    ],
    ["metadata that is null", { target: { type: "user", id: "1" }, jobType: "onboarding.read-guide", metadata: null }, "invalid_input"],
    ["metadata over 16 KB", { target: { type: "user", id: "1" }, jobType: "onboarding.read-guide", metadata: big }, "invalid_input"],
    [
      "an expiry in the past",
      { target: { type: "user", id: "1" }, jobType: "onboarding.read-guide", expiresAt: new Date(Date.now() - 1000) },
      "invalid_input",
    ],
    [
      "an assignee that is not an id",
      { target: { type: "user", id: "1" }, jobType: "onboarding.read-guide", assignedTo: "bob" },
      "invalid_input",
    ],
    [
      "an assignee who does not exist",
      { target: { type: "user", id: "1" }, jobType: "onboarding.read-guide", assignedTo: "0199a0a0-0000-7000-8000-000000000000" },
      "invalid_input",
    ],
    ["an unknown priority", { target: { type: "user", id: "1" }, jobType: "onboarding.read-guide", priority: "asap" }, "invalid_input"],
  ])("refuses %s with a typed error and writes nothing", async (_label, input, code) => {
    const before = await countRows(t.prisma);
    const error = await jobRequested(t.prisma, input as never).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code });
    expect((error as AppError).userMessage.length).toBeGreaterThan(10);
    expect(await countRows(t.prisma)).toEqual(before);
  });
});
