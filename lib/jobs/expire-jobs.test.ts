import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { Prisma } from "@/lib/db/client";
import { uniqueId } from "@/test/fixtures";
import { createTestDatabase, type TestDatabase } from "@/test/database";
import { expireDueJobs, jobColumns, jobRequested, jobSignals, pendingNow, type Job } from "./index";
import { jobsTable } from "@/lib/jobs/job-sql";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.close();
});

const jobType = "onboarding.read-guide";

/** Requests `n` jobs under one target prefix and moves their expiry into the past. */
async function dueJobs(n: number, prefix = uniqueId("due")): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const { job } = await jobRequested(t.prisma, { target: { type: "user", id: `${prefix}-${i}` }, jobType });
    ids.push(job.id);
  }
  await t.prisma
    .$executeRaw`UPDATE ${jobsTable} SET expires_at = now() - interval '1 hour' WHERE id IN (${Prisma.join(ids.map((id) => Prisma.sql`${id}::uuid`))})`;
  return ids;
}

beforeEach(async () => {
  // Each test starts with no due jobs left over from the previous one.
  await expireDueJobs(t.prisma);
});
const disconnects: (() => unknown)[] = [];
afterEach(() => {
  while (disconnects.length) disconnects.pop()!();
});

describe("expireDueJobs", () => {
  test("expires due jobs in batches, one event each, leaving the others pending", async () => {
    const due = await dueJobs(25);
    const { job: notDue } = await jobRequested(t.prisma, { target: { type: "user", id: uniqueId("later") }, jobType });

    const result = await expireDueJobs(t.prisma, { batchSize: 10 });

    expect(result).toEqual({ expired: 25, batches: 3 });
    const statuses = await t.prisma.job.groupBy({ by: ["status"], where: { id: { in: [...due, notDue.id] } }, _count: true });
    expect(Object.fromEntries(statuses.map((s) => [s.status, s._count]))).toEqual({ expired: 25, pending: 1 });
    expect(await t.prisma.jobEvent.count({ where: { jobId: { in: due }, kind: "expired" } })).toBe(25);
  });

  test("maxBatches bounds one run; the next run finishes the work", async () => {
    await dueJobs(12);
    expect(await expireDueJobs(t.prisma, { batchSize: 5, maxBatches: 1 })).toEqual({ expired: 5, batches: 1 });
    expect(await expireDueJobs(t.prisma, { batchSize: 5 })).toEqual({ expired: 7, batches: 2 });
  });

  test("asOf expires what will be due at that time", async () => {
    const { job } = await jobRequested(t.prisma, { target: { type: "user", id: uniqueId("future") }, jobType });
    const status = async () => (await t.prisma.job.findUniqueOrThrow({ where: { id: job.id } })).status;
    await expireDueJobs(t.prisma, { asOf: new Date(job.expiresAt!.getTime() - 1000) });
    expect(await status()).toBe("pending");
    await expireDueJobs(t.prisma, { asOf: new Date(job.expiresAt!.getTime() + 1000) });
    expect(await status()).toBe("expired");
  });

  // That they run in the batch's transaction, and SKIP LOCKED itself: expire-jobs-skip-locked.test.ts.
  test("fires the expired receivers once per job", async () => {
    const seen: string[] = [];
    disconnects.push(jobSignals.expired.connect(({ job }) => void seen.push(job.id)));
    const due = await dueJobs(7);
    await expireDueJobs(t.prisma, { batchSize: 3 });
    expect(seen.sort()).toEqual([...due].sort());
  });

  test("two sweeps at once: every job expired exactly once", async () => {
    const due = await dueJobs(60);
    const [a, b] = await Promise.all([expireDueJobs(t.prisma, { batchSize: 5 }), expireDueJobs(t.prisma, { batchSize: 5 })]);
    expect(a.expired + b.expired).toBe(60);
    const perJob = await t.prisma.jobEvent.groupBy({ by: ["jobId"], where: { jobId: { in: due }, kind: "expired" }, _count: true });
    expect(perJob).toHaveLength(60);
    expect(perJob.every((g) => g._count === 1)).toBe(true);
  });

  test("refuses a batch size out of range", async () => {
    await expect(expireDueJobs(t.prisma, { batchSize: 0 })).rejects.toMatchObject({ code: "invalid_input" });
  });
});

describe("pending as readers see it", () => {
  test("a pending job past its expiry is not listed as pending, even before the sweep", async () => {
    const prefix = uniqueId("list");
    await jobRequested(t.prisma, { target: { type: "user", id: `${prefix}-live` }, jobType });
    const { job: stale } = await jobRequested(t.prisma, { target: { type: "user", id: `${prefix}-stale` }, jobType });
    await t.prisma.$executeRaw`UPDATE ${jobsTable} SET expires_at = now() - interval '1 second' WHERE id = ${stale.id}::uuid`;

    const listed = await t.prisma.$queryRaw<Job[]>`
      SELECT ${jobColumns()} FROM ${jobsTable} WHERE target_id LIKE ${`${prefix}-%`} AND ${pendingNow()}`;
    expect(listed.map((j) => j.targetId)).toEqual([`${prefix}-live`]);
    expect((await t.prisma.job.findUniqueOrThrow({ where: { id: stale.id } })).status).toBe("pending");
  });
});
