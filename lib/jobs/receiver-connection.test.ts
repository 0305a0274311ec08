import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from "vitest";
import { Prisma } from "@/lib/db/client";
import { uniqueId } from "@/test/fixtures";
import { createTestDatabase, type TestDatabase } from "@/test/database";
import { jobCompleted, jobRequested, jobSignals, type JobSignalPayload } from "./index";
import { jobsTable } from "./job-sql";

// How the app runs the signals: receivers connected, the product's root
// client as `db`. The receivers must write on the change's own connection and
// transaction, without a Prisma interactive transaction (a Prisma round trip
// per statement, bench/README.md "writes as the app runs them").

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.close();
});

const disconnects: (() => unknown)[] = [];
afterEach(() => {
  while (disconnects.length) disconnects.pop()!();
  vi.restoreAllMocks();
});

/** What a receiver sees of its transaction: the job row's xmin is the change's transaction id. */
async function transactionOf({ db, job }: JobSignalPayload) {
  const [row] = await db.$queryRaw<{ xmin: string; txid: string }[]>(
    Prisma.sql`SELECT j.xmin::text AS xmin, (txid_current() % 4294967296)::text AS txid FROM ${jobsTable} j WHERE j.id = ${job.id}::uuid`,
  );
  return row;
}

describe("receivers on the change's connection", () => {
  test("request and complete with receivers run in one transaction per change, with no Prisma interactive transaction", async () => {
    const seen: { signal: string; xmin?: string; txid?: string }[] = [];
    const record = async (payload: JobSignalPayload) => {
      const row = await transactionOf(payload);
      seen.push({ signal: payload.signal, xmin: row?.xmin, txid: row?.txid });
    };
    disconnects.push(jobSignals.requested.connect(record), jobSignals.completed.connect(record));
    const prismaTransactions = vi.spyOn(t.prisma, "$transaction");

    const target = { type: "user", id: uniqueId("user") };
    await jobRequested(t.prisma, { target, jobType: "onboarding.read-guide" });
    await jobCompleted(t.prisma, { target, jobType: "onboarding.read-guide", source: "auto" });

    expect(prismaTransactions).not.toHaveBeenCalled();
    expect(seen.map((s) => s.signal)).toEqual(["requested", "completed"]);
    // The receiver sees the change's uncommitted row, written by its own transaction.
    for (const s of seen) expect(s.xmin).toBe(s.txid);
  });

  test("a receiver that fails is rolled back alone; the change and the next receiver's write stand", async () => {
    await t.prisma.$executeRawUnsafe(`CREATE TABLE IF NOT EXISTS connection_log (job_id uuid, note text)`);
    const write =
      (note: string) =>
      async ({ db, job }: JobSignalPayload) => {
        await db.$executeRaw`INSERT INTO connection_log (job_id, note) VALUES (${job.id}::uuid, ${note})`;
      };
    const failing = async (payload: JobSignalPayload) => {
      await write("failed")(payload);
      throw new Error("receiver broke");
    };
    disconnects.push(jobSignals.requested.connect(failing), jobSignals.requested.connect(write("kept")));
    const prismaTransactions = vi.spyOn(t.prisma, "$transaction");

    const { job } = await jobRequested(t.prisma, { target: { type: "user", id: uniqueId("user") }, jobType: "onboarding.read-guide" });

    expect(prismaTransactions).not.toHaveBeenCalled();
    expect(await t.prisma.job.count({ where: { id: job.id } })).toBe(1);
    const notes = await t.prisma.$queryRaw<{ note: string }[]>`SELECT note FROM connection_log WHERE job_id = ${job.id}::uuid`;
    expect(notes.map((n) => n.note)).toEqual(["kept"]);
  });

  test("a required receiver that throws aborts the change: the caller gets its error, and neither the job nor any receiver's row is written", async () => {
    await t.prisma.$executeRawUnsafe(`CREATE TABLE IF NOT EXISTS connection_log (job_id uuid, note text)`);
    await t.prisma.$executeRawUnsafe(`TRUNCATE connection_log`);
    const target = { type: "user", id: uniqueId("user") };
    const optional = async ({ db, job }: JobSignalPayload) => {
      await db.$executeRaw`INSERT INTO connection_log (job_id, note) VALUES (${job.id}::uuid, 'optional')`;
    };
    const outbox = async ({ db, job }: JobSignalPayload) => {
      await db.$executeRaw`INSERT INTO connection_log (job_id, note) VALUES (${job.id}::uuid, 'outbox')`;
      throw new Error("outbox broke");
    };
    disconnects.push(jobSignals.requested.connect(optional), jobSignals.requested.connect(outbox, { required: true }));

    await expect(jobRequested(t.prisma, { target, jobType: "onboarding.read-guide" })).rejects.toThrow("outbox broke");

    // Events reference their job (foreign key): no job, no event.
    expect(await t.prisma.job.count({ where: { targetType: target.type, targetId: target.id } })).toBe(0);
    const [logged] = await t.prisma.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM connection_log`;
    expect(logged?.n).toBe(0);
  });
});
