import pg from "pg";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { Prisma } from "@/lib/db/client";
import { uniqueId } from "@/test/fixtures";
import { createTestDatabase, type TestDatabase } from "@/test/database";
import { expireDueJobs, jobRequested, jobSignals } from "./index";
import { jobsTable } from "@/lib/jobs/job-sql";
import { JOBS_TABLE } from "@/lib/jobs/jobs-schema";

// What the sweep promises about row locks and transactions, seen from a second
// session: rows another transaction holds are skipped, not waited for; two
// sweeps each claim their own batches; a receiver's writes live and die with
// the batch's transaction. PostgreSQL only (vitest.config.ts): PGlite runs one
// transaction at a time, so no row is ever held by someone else there.

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
  // A receiver's own table. Its reference to the job is checked at COMMIT, so a
  // bad row written mid-batch makes the batch's transaction fail as a whole.
  await t.prisma.$executeRawUnsafe(`
    CREATE TABLE sweep_receipts (
      id bigserial PRIMARY KEY,
      job_id uuid NOT NULL REFERENCES ${JOBS_TABLE} (id) DEFERRABLE INITIALLY DEFERRED
    )`);
});
afterAll(async () => {
  await t?.close();
});

const jobType = "onboarding.read-guide";
const disconnects: (() => unknown)[] = [];
beforeEach(async () => {
  await expireDueJobs(t.prisma);
});
afterEach(() => {
  while (disconnects.length) disconnects.pop()!();
});

async function dueJobs(n: number): Promise<string[]> {
  const prefix = uniqueId("due");
  const ids: string[] = [];
  for (let i = 0; i < n; i++) ids.push((await jobRequested(t.prisma, { target: { type: "user", id: `${prefix}-${i}` }, jobType })).job.id);
  await t.prisma
    .$executeRaw`UPDATE ${jobsTable} SET expires_at = now() - interval '1 hour' WHERE id IN (${Prisma.join(ids.map((id) => Prisma.sql`${id}::uuid`))})`;
  return ids;
}

async function statusOf(ids: string[]): Promise<Record<string, string>> {
  const rows = await t.prisma.job.findMany({ where: { id: { in: ids } }, select: { id: true, status: true } });
  return Object.fromEntries(rows.map((r) => [r.id, r.status]));
}

/** `promise`, or a rejection naming what did not happen within `ms`. */
function within<T>(ms: number, what: string, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: not done within ${ms} ms`)), ms);
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

/** A second session that holds `ids` locked (FOR UPDATE) in an open transaction until released. */
async function holdLocked(ids: string[]) {
  const client = new pg.Client({ connectionString: t.url });
  await client.connect();
  await client.query("BEGIN");
  const { rowCount } = await client.query(`SELECT id FROM ${JOBS_TABLE} WHERE id = ANY($1::uuid[]) FOR UPDATE`, [ids]);
  expect(rowCount).toBe(ids.length);
  return async () => {
    await client.query("ROLLBACK");
    await client.end();
  };
}

describe("FOR UPDATE SKIP LOCKED", () => {
  test("a sweep returns promptly, having expired exactly the due rows nobody else holds", async () => {
    const due = await dueJobs(10);
    const locked = due.slice(0, 4);
    const free = due.slice(4);
    const release = await holdLocked(locked);
    try {
      // Several batches, so the locked rows come up again in each claim.
      const result = await within(10_000, "a sweep beside rows locked by another transaction", expireDueJobs(t.prisma, { batchSize: 3 }));
      expect(result.expired).toBe(6);
      const status = await statusOf(due);
      expect(locked.map((id) => status[id])).toEqual(Array(4).fill("pending"));
      expect(free.map((id) => status[id])).toEqual(Array(6).fill("expired"));
    } finally {
      await release();
    }
    // Released, they are due like any other.
    expect((await expireDueJobs(t.prisma)).expired).toBe(4);
    expect(Object.values(await statusOf(due))).toEqual(Array(10).fill("expired"));
  });

  test("two sweeps at once both do work: the second claims its own batch while the first still holds its own", async () => {
    const due = await dueJobs(20);
    // The first batch to reach a receiver keeps its transaction (and its row
    // locks) open until a batch of another transaction reaches a receiver too:
    // only possible if that other sweep skipped the held rows instead of waiting.
    let holding: object | null = null;
    let stillHolding = false;
    let overlapped = false;
    let otherBatchArrived!: () => void;
    const arrived = new Promise<void>((resolve) => (otherBatchArrived = resolve));
    disconnects.push(
      jobSignals.expired.connect(async ({ db }) => {
        if (holding === null) {
          holding = db;
          stillHolding = true;
          // Bounded: without SKIP LOCKED the other sweep waits for these rows, so this gives up and the test fails below.
          await within(10_000, "a second sweep's batch while the first batch is held", arrived).catch(() => undefined);
          stillHolding = false;
        } else if (db !== holding && stillHolding) {
          overlapped = true;
          otherBatchArrived();
        }
      }),
    );

    const [a, b] = await Promise.all([expireDueJobs(t.prisma, { batchSize: 5 }), expireDueJobs(t.prisma, { batchSize: 5 })]);

    expect(overlapped).toBe(true);
    expect(a.expired).toBeGreaterThan(0);
    expect(b.expired).toBeGreaterThan(0);
    expect(a.expired + b.expired).toBe(20);
    const perJob = await t.prisma.jobEvent.groupBy({ by: ["jobId"], where: { jobId: { in: due }, kind: "expired" }, _count: true });
    expect(perJob.map((g) => g._count)).toEqual(Array(20).fill(1));
  });
});

describe("receivers run in the batch's transaction", () => {
  const receiptsOf = async (ids: string[]) =>
    (await t.prisma.$queryRaw<{ job_id: string }[]>`SELECT job_id::text FROM sweep_receipts WHERE job_id::text = ANY(${ids}::text[])`).map(
      (r) => r.job_id,
    );

  test("a receiver's write commits with the batch", async () => {
    const due = await dueJobs(7);
    disconnects.push(
      jobSignals.expired.connect(({ db, job }) => db.$executeRaw`INSERT INTO sweep_receipts (job_id) VALUES (${job.id}::uuid)`),
    );
    expect(await expireDueJobs(t.prisma, { batchSize: 3 })).toEqual({ expired: 7, batches: 3 });
    expect((await receiptsOf(due)).sort()).toEqual([...due].sort());
  });

  test("a batch whose transaction fails takes the receiver's writes and the expiries with it", async () => {
    const due = await dueJobs(5);
    disconnects.push(
      jobSignals.expired.connect(({ db, job }) => db.$executeRaw`INSERT INTO sweep_receipts (job_id) VALUES (${job.id}::uuid)`),
    );
    // A receiver whose write breaks a deferred constraint: nothing fails until COMMIT.
    let poisoned = false;
    const poison = jobSignals.expired.connect(async ({ db }) => {
      if (poisoned) return;
      poisoned = true;
      await db.$executeRaw`INSERT INTO sweep_receipts (job_id) VALUES (${crypto.randomUUID()}::uuid)`;
    });

    await expect(expireDueJobs(t.prisma, { batchSize: 10 })).rejects.toThrow(/foreign ?key/i);
    expect(await receiptsOf(due)).toEqual([]);
    expect(Object.values(await statusOf(due))).toEqual(Array(5).fill("pending"));
    expect(await t.prisma.jobEvent.count({ where: { jobId: { in: due }, kind: "expired" } })).toBe(0);

    poison();
    expect((await expireDueJobs(t.prisma, { batchSize: 10 })).expired).toBe(5);
    expect((await receiptsOf(due)).sort()).toEqual([...due].sort());
  });
});
