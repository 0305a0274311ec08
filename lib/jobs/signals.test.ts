import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from "vitest";
import { createUser, expireInThePast, uniqueId } from "@/test/fixtures";
import { createTestDatabase, type TestDatabase } from "@/test/database";
import { expireDueJobs, jobAssigned, jobCancelled, jobCompleted, jobRequested, jobSignals, type JobSignalPayload } from "./index";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.close();
});

const disconnects: (() => unknown)[] = [];
function on(signal: keyof typeof jobSignals, receiver: (p: JobSignalPayload) => unknown) {
  disconnects.push(jobSignals[signal].connect(receiver));
}
afterEach(() => {
  while (disconnects.length) disconnects.pop()!();
});

const jobType = "onboarding.read-guide";
const newTarget = () => ({ type: "user", id: uniqueId("user") });

/** A side table a receiver writes to, to see what committed. */
async function auditTable() {
  await t.prisma.$executeRawUnsafe(`CREATE TABLE IF NOT EXISTS receiver_log (job_id uuid, note text)`);
  await t.prisma.$executeRawUnsafe(`TRUNCATE receiver_log`);
}
const logged = () =>
  t.prisma.$queryRawUnsafe<{ job_id: string; note: string }[]>(`SELECT job_id::text, note FROM receiver_log ORDER BY note`);

describe("receivers", () => {
  test("each signal reaches its receivers with the job, the actor and the data", async () => {
    const seen: { signal: string; status: string; actor: unknown; data: unknown }[] = [];
    for (const name of ["requested", "completed", "cancelled", "expired", "assigned"] as const) {
      on(name, (p) => void seen.push({ signal: p.signal, status: p.job.status, actor: p.actor, data: p.data }));
    }
    const staff = await createUser(t.prisma, { role: "staff" });

    const a = newTarget();
    const { job } = await jobRequested(t.prisma, { target: a, jobType, sender: "test" });
    await jobAssigned(t.prisma, { jobId: job.id, assignee: staff.id, by: staff.id, source: "staff" });
    await jobCompleted(t.prisma, { target: a, jobType, by: staff.id, source: "staff", note: "done" });
    const b = newTarget();
    await jobRequested(t.prisma, { target: b, jobType });
    await jobCancelled(t.prisma, { target: b, jobType, source: "user", note: "no" });
    const c = newTarget();
    const { job: toExpire } = await jobRequested(t.prisma, { target: c, jobType });
    await expireInThePast(t.prisma, toExpire.id);
    await expireDueJobs(t.prisma);

    expect(seen).toEqual([
      { signal: "requested", status: "pending", actor: { id: null, source: "system" }, data: { sender: "test" } },
      { signal: "assigned", status: "pending", actor: { id: staff.id, source: "staff" }, data: { from: null, to: staff.id } },
      { signal: "completed", status: "completed", actor: { id: staff.id, source: "staff" }, data: { note: "done" } },
      { signal: "requested", status: "pending", actor: { id: null, source: "system" }, data: {} },
      { signal: "cancelled", status: "cancelled", actor: { id: null, source: "user" }, data: { note: "no" } },
      { signal: "requested", status: "pending", actor: { id: null, source: "system" }, data: {} },
      { signal: "expired", status: "expired", actor: { id: null, source: "system" }, data: { expiresAt: expect.any(String) } },
    ]);
  });

  test("no signal for a change that did not happen (idempotent repeat, second completion)", async () => {
    const calls: string[] = [];
    on("requested", () => void calls.push("requested"));
    on("completed", () => void calls.push("completed"));
    const target = newTarget();
    await jobRequested(t.prisma, { target, jobType, idempotent: true });
    await jobRequested(t.prisma, { target, jobType, idempotent: true });
    await jobCompleted(t.prisma, { target, jobType, source: "auto" });
    await jobCompleted(t.prisma, { target, jobType, source: "auto" });
    expect(calls).toEqual(["requested", "completed"]);
  });

  test("a receiver's writes commit with the change, in the same transaction", async () => {
    await auditTable();
    on("completed", async ({ db, job }) => {
      await db.$executeRaw`INSERT INTO receiver_log VALUES (${job.id}::uuid, 'seen')`;
    });
    const target = newTarget();
    const { job } = await jobRequested(t.prisma, { target, jobType });
    await jobCompleted(t.prisma, { target, jobType, source: "auto" });
    expect(await logged()).toEqual([{ job_id: job.id, note: "seen" }]);
  });

  test("a receiver that throws is logged and rolled back alone: the change and the other receivers stand", async () => {
    await auditTable();
    const order: string[] = [];
    on("completed", async ({ db, job }) => {
      order.push("first");
      await db.$executeRaw`INSERT INTO receiver_log VALUES (${job.id}::uuid, 'first')`;
    });
    on("completed", async ({ db, job }) => {
      order.push("failing");
      await db.$executeRaw`INSERT INTO receiver_log VALUES (${job.id}::uuid, 'failing')`;
      throw new Error("receiver exploded");
    });
    on("completed", async ({ db, job }) => {
      order.push("sql error");
      await db.$executeRawUnsafe(`INSERT INTO no_such_table VALUES (1)`);
      void job;
    });
    on("completed", async ({ db, job }) => {
      order.push("last");
      await db.$executeRaw`INSERT INTO receiver_log VALUES (${job.id}::uuid, 'last')`;
    });

    const target = newTarget();
    const { job } = await jobRequested(t.prisma, { target, jobType });
    const errors = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const result = await jobCompleted(t.prisma, { target, jobType, source: "auto" });
    const errorLines = errors.mock.calls.map(([line]) => String(line));
    errors.mockRestore();

    expect(result.changed).toBe(true);
    expect(order).toEqual(["first", "failing", "sql error", "last"]);
    const lines = errorLines.map((line) => JSON.parse(line) as { message: string; signal: string; error: { message: string } });
    expect(lines).toHaveLength(2);
    expect(lines.map((l) => [l.signal, l.error.message.includes("exploded") || l.error.message.includes("no_such_table")])).toEqual([
      ["job.completed", true],
      ["job.completed", true],
    ]);
    expect((await t.prisma.job.findUniqueOrThrow({ where: { id: job.id } })).status).toBe("completed");
    expect(await logged()).toEqual([
      { job_id: job.id, note: "first" },
      { job_id: job.id, note: "last" },
    ]);
  });

  test("a receiver may fire another signal through the same transaction", async () => {
    const follow = newTarget();
    on("completed", async ({ db, job }) => {
      if (job.jobType === "staff.review-document") {
        await jobRequested(db, {
          target: follow,
          jobType: "documents.upload-replacement",
          metadata: { reason: "blurry" },
          idempotent: true,
        });
      }
    });
    const doc = { type: "document", id: uniqueId("doc") };
    await jobRequested(t.prisma, { target: doc, jobType: "staff.review-document" });
    await jobCompleted(t.prisma, { target: doc, jobType: "staff.review-document", source: "staff" });
    const followUp = await t.prisma.job.findFirstOrThrow({ where: { targetId: follow.id } });
    expect(followUp).toMatchObject({ jobType: "documents.upload-replacement", status: "pending", metadata: { reason: "blurry" } });
  });

  test("connecting the same receiver twice calls it once; disconnect stops it", async () => {
    let calls = 0;
    const receiver = () => {
      calls += 1;
    };
    jobSignals.requested.connect(receiver);
    jobSignals.requested.connect(receiver);
    await jobRequested(t.prisma, { target: newTarget(), jobType });
    expect(jobSignals.requested.disconnect(receiver)).toBe(true);
    await jobRequested(t.prisma, { target: newTarget(), jobType });
    expect(calls).toBe(1);
    expect(jobSignals.requested.disconnect(receiver)).toBe(false);
  });
});

describe("the caller's transaction", () => {
  test.each([
    ["without receivers", false],
    ["with receivers", true],
  ])("a request and a completion roll back with the caller's transaction (%s)", async (_label, withReceivers) => {
    if (withReceivers) {
      on("requested", () => undefined);
      on("completed", () => undefined);
    }
    const target = newTarget();
    const before = await t.prisma.jobEvent.count();
    await expect(
      t.prisma.$transaction(async (tx) => {
        await jobRequested(tx, { target, jobType });
        await jobCompleted(tx, { target, jobType, source: "auto" });
        throw new Error("the domain change failed");
      }),
    ).rejects.toThrow("the domain change failed");
    expect(await t.prisma.job.count({ where: { targetId: target.id } })).toBe(0);
    expect(await t.prisma.jobEvent.count()).toBe(before);
  });

  test("a domain change and its signal commit together", async () => {
    on("requested", () => undefined);
    const target = newTarget();
    const user = await t.prisma.$transaction(async (tx) => {
      const created = await tx.user.create({ data: { email: `${target.id}@example.test` } });
      await jobRequested(tx, { target: { type: "user", id: created.id }, jobType: "onboarding.verify-email", assignedTo: created.id });
      return created;
    });
    const jobs = await t.prisma.job.findMany({ where: { targetId: user.id } });
    expect(jobs).toHaveLength(1);
    expect(jobs[0]).toMatchObject({ assignedToId: user.id, status: "pending" });
  });
});
