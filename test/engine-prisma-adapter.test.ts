import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/test/database";
import { createUser } from "@/test/fixtures";
// The package's entry by path: until the app switches to @jtbd/engine (issue
// 10, part 2) nothing builds the package before the app's tests run.
import { createJobs, fromPrisma, type Jobs } from "../packages/jtbd/src/index";

// The Prisma adapter against the real generated client and @prisma/adapter-pg:
// the engine joins a Prisma interactive transaction, or opens its own.

const types = [
  { key: "billing.confirm-card", title: "Confirm the card", targetType: "account", expiresAfterHours: 1 },
  { key: "billing.review-refund", title: "Review a refund", targetType: "refund" },
] as const;

let t: TestDatabase;
let jobs: Jobs<typeof types>;
const silent = { debug() {}, info() {}, warn() {}, error() {} };
beforeAll(async () => {
  t = await createTestDatabase();
  jobs = createJobs({ types, db: fromPrisma(t.prisma), logger: silent, schema: "jtbd_prisma" });
  await jobs.migrate();
});
afterAll(async () => {
  await t?.close();
});

const account = () => ({ type: "account", id: `acct-${Math.random().toString(36).slice(2)}` });
const statusOf = async (jobId: string) =>
  (await t.prisma.$queryRawUnsafe<{ status: string }[]>(`SELECT status::text FROM ${jobs.sql.jobs} WHERE id = $1::uuid`, jobId))[0]?.status;
const eventKinds = async (jobId: string) =>
  (
    await t.prisma.$queryRawUnsafe<{ kind: string }[]>(
      `SELECT kind::text FROM ${jobs.sql.events} WHERE job_id = $1::uuid ORDER BY id`,
      jobId,
    )
  ).map((e) => e.kind);

describe("fromPrisma", () => {
  test("migrate() through Prisma is recorded once; a second run applies nothing", async () => {
    await expect(jobs.migrate()).resolves.toMatchObject({ applied: [] });
  });

  test("50 concurrent idempotent requests through the client leave one job", async () => {
    const target = account();
    const results = await Promise.all(
      Array.from({ length: 50 }, () => jobs.jobRequested({ jobType: "billing.confirm-card", target, idempotent: true })),
    );
    expect(new Set(results.map((r) => r.job.id)).size).toBe(1);
    expect(results[0]!.job.expiresAt).toBeInstanceOf(Date);
    expect(await eventKinds(results[0]!.job.id)).toEqual(["requested"]);
  });

  test("completing inside the host's interactive transaction commits with the host's own write, or not at all", async () => {
    const target = account();
    const { job } = await jobs.jobRequested({ jobType: "billing.confirm-card", target });
    const user = await createUser(t.prisma);

    await expect(
      t.prisma.$transaction(async (tx) => {
        await tx.user.update({ where: { id: user.id }, data: { name: "Rolled back" } });
        await jobs.jobCompleted({ jobType: "billing.confirm-card", target, by: user.id, source: "user" }, { db: fromPrisma(tx) });
        throw new Error("the host changes its mind");
      }),
    ).rejects.toThrow("the host changes its mind");
    expect(await statusOf(job.id)).toBe("pending");
    expect((await t.prisma.user.findUniqueOrThrow({ where: { id: user.id } })).name).not.toBe("Rolled back");

    await t.prisma.$transaction(async (tx) => {
      await tx.user.update({ where: { id: user.id }, data: { name: "Committed" } });
      await jobs.jobCompleted({ jobType: "billing.confirm-card", target, by: user.id, source: "user" }, { db: fromPrisma(tx) });
    });
    expect(await statusOf(job.id)).toBe("completed");
    expect((await t.prisma.user.findUniqueOrThrow({ where: { id: user.id } })).name).toBe("Committed");
    expect(await eventKinds(job.id)).toEqual(["requested", "completed"]);
  });

  test("receivers run in the Prisma transaction; a throwing one is rolled back to its savepoint alone", async () => {
    await t.prisma.$executeRawUnsafe(`CREATE TABLE IF NOT EXISTS prisma_receiver_log (job_id uuid, note text)`);
    let native: unknown = null;
    const disconnects = [
      jobs.signals.completed.connect(async ({ db, job }) => {
        native = db.native;
        await db.execute(`INSERT INTO prisma_receiver_log VALUES ($1::uuid, 'kept')`, [job.id]);
      }),
      jobs.signals.completed.connect(async ({ db, job }) => {
        await db.execute(`INSERT INTO prisma_receiver_log VALUES ($1::uuid, 'lost')`, [job.id]);
        throw new Error("receiver broke");
      }),
    ];
    try {
      const target = account();
      const { job } = await jobs.jobRequested({ jobType: "billing.confirm-card", target });
      // The engine opens the transaction itself (client, not tx), as for a host without one.
      await jobs.jobCompleted({ jobType: "billing.confirm-card", target, source: "auto" });
      expect(await statusOf(job.id)).toBe("completed");
      const notes = await t.prisma.$queryRawUnsafe<{ note: string }[]>(
        `SELECT note FROM prisma_receiver_log WHERE job_id = $1::uuid`,
        job.id,
      );
      expect(notes.map((n) => n.note)).toEqual(["kept"]);
      // The receiver was handed Prisma's transaction client, not the root client.
      expect(native).not.toBe(t.prisma);
      expect(native).toHaveProperty("$executeRawUnsafe");
    } finally {
      for (const disconnect of disconnects) disconnect();
    }
  });

  test("assign, extend (an array parameter) and the sweep run through Prisma", async () => {
    const { job } = await jobs.jobRequested({ jobType: "billing.review-refund", target: { type: "refund", id: "r-1" } });
    await expect(jobs.jobAssigned({ jobId: job.id, assignee: "staff-1", expectedAssignee: null, source: "staff" })).resolves.toMatchObject({
      changed: true,
    });
    const { jobs: extended } = await jobs.jobsExtended({ jobIds: [job.id], days: 2, source: "staff" });
    expect(extended[0]!.expiresAt).toBeInstanceOf(Date);

    const { job: due } = await jobs.jobRequested({ jobType: "billing.confirm-card", target: account() });
    await t.prisma.$executeRawUnsafe(`UPDATE ${jobs.sql.jobs} SET expires_at = now() - interval '1 minute' WHERE id = $1::uuid`, due.id);
    await expect(jobs.expireDueJobs()).resolves.toMatchObject({ expired: 1 });
    expect(await statusOf(due.id)).toBe("expired");
  });
});
