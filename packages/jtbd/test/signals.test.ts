import { afterEach, beforeAll, describe, expect, test } from "vitest";
import { fromPg, type JobSignalName, type JobSignalPayload, Signal } from "../src/index.js";
import { eventsOf, expireInThePast, memoryLogger, migratedEngine, plant, type TestJobs, withTestEngine } from "./helpers/engine.js";
import type { TestDatabase } from "./helpers/test-database.js";

let t: TestDatabase;
let jobs: TestJobs;
const logger = memoryLogger();
withTestEngine((ready) => ({ t, jobs } = ready), { logger });
beforeAll(async () => {
  await t.db.execute(`CREATE TABLE receiver_log (job_id uuid, note text)`);
});

const disconnects: (() => unknown)[] = [];
function on(signal: JobSignalName, receiver: (p: JobSignalPayload) => unknown, options?: { required?: boolean }) {
  disconnects.push(jobs.signals[signal].connect(receiver, options));
}
afterEach(async () => {
  while (disconnects.length) disconnects.pop()!();
  await t.db.execute(`TRUNCATE receiver_log`);
});
const logged = () => t.db.query<{ job_id: string; note: string }>(`SELECT job_id::text, note FROM receiver_log ORDER BY note`);
const statusOf = async (jobId: string) =>
  (await t.db.query<{ status: string }>(`SELECT status::text FROM ${jobs.sql.jobs} WHERE id = $1::uuid`, [jobId]))[0]?.status;

describe("receivers", () => {
  test("each signal reaches its receivers with the job, the actor and the data", async () => {
    const seen: { signal: string; status: string; actor: unknown; data: unknown }[] = [];
    for (const name of ["requested", "completed", "cancelled", "expired", "assigned", "extended"] as const) {
      on(name, (p) => void seen.push({ signal: p.signal, status: p.job.status, actor: p.actor, data: p.data }));
    }
    const a = plant();
    const { job } = await jobs.jobRequested({ jobType: "garden.repot-plant", target: a, sender: "test" });
    await jobs.jobAssigned({ jobId: job.id, assignee: "gardener-1", by: "boss", source: "staff" });
    await jobs.jobsExtended({ jobIds: [job.id], days: 2, source: "staff" });
    await jobs.jobCompleted({ jobType: "garden.repot-plant", target: a, by: "gardener-1", source: "user", note: "done" });
    const b = plant();
    await jobs.jobRequested({ jobType: "garden.repot-plant", target: b });
    await jobs.jobCancelled({ jobType: "garden.repot-plant", target: b, source: "user", note: "no" });
    const c = plant();
    const { job: toExpire } = await jobs.jobRequested({ jobType: "garden.water-plant", target: c });
    await expireInThePast(t.db, jobs, toExpire.id);
    await jobs.expireDueJobs();

    const system = { id: null, source: "system" };
    expect(seen).toEqual([
      { signal: "requested", status: "pending", actor: system, data: { sender: "test" } },
      { signal: "assigned", status: "pending", actor: { id: "boss", source: "staff" }, data: { from: null, to: "gardener-1" } },
      {
        signal: "extended",
        status: "pending",
        actor: { id: null, source: "staff" },
        data: { from: null, to: expect.any(String), days: 2 },
      },
      { signal: "completed", status: "completed", actor: { id: "gardener-1", source: "user" }, data: { note: "done" } },
      { signal: "requested", status: "pending", actor: system, data: {} },
      { signal: "cancelled", status: "cancelled", actor: { id: null, source: "user" }, data: { note: "no" } },
      { signal: "requested", status: "pending", actor: system, data: {} },
      { signal: "expired", status: "expired", actor: system, data: { expiresAt: expect.any(String) } },
    ]);
  });

  test("no signal for a change that did not happen (an idempotent repeat, a second completion)", async () => {
    const calls: string[] = [];
    on("requested", () => void calls.push("requested"));
    on("completed", () => void calls.push("completed"));
    const target = plant();
    await jobs.jobRequested({ jobType: "garden.repot-plant", target, idempotent: true });
    await jobs.jobRequested({ jobType: "garden.repot-plant", target, idempotent: true });
    await jobs.jobCompleted({ jobType: "garden.repot-plant", target, source: "auto" });
    await jobs.jobCompleted({ jobType: "garden.repot-plant", target, source: "auto" });
    expect(calls).toEqual(["requested", "completed"]);
  });

  test("a receiver's writes commit with the change, in the same transaction", async () => {
    let sawTransaction = false;
    on("completed", async ({ db, job }) => {
      sawTransaction = db.inTransaction;
      await db.execute(`INSERT INTO receiver_log VALUES ($1::uuid, 'seen')`, [job.id]);
    });
    const target = plant();
    const { job } = await jobs.jobRequested({ jobType: "garden.repot-plant", target });
    await jobs.jobCompleted({ jobType: "garden.repot-plant", target, source: "auto" });
    expect(sawTransaction).toBe(true);
    expect(await logged()).toEqual([{ job_id: job.id, note: "seen" }]);
  });

  test("a throwing receiver is rolled back alone: the change and the other receivers' writes stand, and it is logged", async () => {
    on("completed", async ({ db, job }) => void (await db.execute(`INSERT INTO receiver_log VALUES ($1::uuid, 'a-before')`, [job.id])));
    on("completed", async function failingReceiver({ db, job }) {
      await db.execute(`INSERT INTO receiver_log VALUES ($1::uuid, 'b-lost')`, [job.id]);
      throw new Error("receiver broke");
    });
    on("completed", async ({ db, job }) => void (await db.execute(`INSERT INTO receiver_log VALUES ($1::uuid, 'c-after')`, [job.id])));
    const target = plant();
    const { job } = await jobs.jobRequested({ jobType: "garden.repot-plant", target });
    const result = await jobs.jobCompleted({ jobType: "garden.repot-plant", target, source: "auto" });

    expect(result.changed).toBe(true);
    expect(await statusOf(job.id)).toBe("completed");
    expect(await logged()).toEqual([
      { job_id: job.id, note: "a-before" },
      { job_id: job.id, note: "c-after" },
    ]);
    expect(logger.lines).toContainEqual(
      expect.objectContaining({
        level: "error",
        context: expect.objectContaining({ scope: "jtbd", signal: "job.completed", receiver: "failingReceiver" }),
      }),
    );
  });

  test("a required receiver that throws aborts the whole change: the caller gets its error, and neither the change, its event nor any receiver's row is written", async () => {
    on("completed", async ({ db, job }) => void (await db.execute(`INSERT INTO receiver_log VALUES ($1::uuid, 'a-before')`, [job.id])));
    on(
      "completed",
      async function outbox({ db, job }) {
        await db.execute(`INSERT INTO receiver_log VALUES ($1::uuid, 'b-outbox')`, [job.id]);
        throw new Error("outbox broke");
      },
      { required: true },
    );
    const target = plant();
    const { job } = await jobs.jobRequested({ jobType: "garden.repot-plant", target });
    await expect(jobs.jobCompleted({ jobType: "garden.repot-plant", target, source: "auto" })).rejects.toThrow("outbox broke");

    expect(await statusOf(job.id)).toBe("pending");
    expect(await logged()).toEqual([]);
    expect((await eventsOf(t.db, jobs, job.id)).map((e) => e.kind)).toEqual(["requested"]);
  });

  test("in a host's transaction, a required receiver's failure undoes the change even if the host goes on and commits", async () => {
    on(
      "completed",
      async ({ db, job }) => {
        await db.execute(`INSERT INTO receiver_log VALUES ($1::uuid, 'outbox')`, [job.id]);
        throw new Error("outbox broke");
      },
      { required: true },
    );
    const target = plant();
    const { job } = await jobs.jobRequested({ jobType: "garden.repot-plant", target });
    const client = await t.pool.connect();
    try {
      await client.query("BEGIN");
      await client.query(`INSERT INTO receiver_log VALUES ($1::uuid, 'host')`, [job.id]);
      await expect(jobs.jobCompleted({ jobType: "garden.repot-plant", target, source: "auto" }, { db: fromPg(client) })).rejects.toThrow(
        "outbox broke",
      );
      await client.query("COMMIT");
    } finally {
      client.release();
    }
    expect(await statusOf(job.id)).toBe("pending");
    expect(await logged()).toEqual([{ job_id: job.id, note: "host" }]);
    expect((await eventsOf(t.db, jobs, job.id)).map((e) => e.kind)).toEqual(["requested"]);
  });

  test("inside a host's transaction that rolls back, the change and the receivers' writes go with it", async () => {
    on("completed", async ({ db, job }) => void (await db.execute(`INSERT INTO receiver_log VALUES ($1::uuid, 'seen')`, [job.id])));
    const target = plant();
    const { job } = await jobs.jobRequested({ jobType: "garden.repot-plant", target });
    const client = await t.pool.connect();
    try {
      await client.query("BEGIN");
      await jobs.jobCompleted({ jobType: "garden.repot-plant", target, source: "auto" }, { db: fromPg(client) });
      await client.query("ROLLBACK");
    } finally {
      client.release();
    }
    expect(await statusOf(job.id)).toBe("pending");
    expect(await logged()).toEqual([]);
    expect((await eventsOf(t.db, jobs, job.id)).map((e) => e.kind)).toEqual(["requested"]);
  });

  test("receivers belong to their engine: another engine's are not called", async () => {
    const other = await migratedEngine(t.db, { schema: "jtbd_other" });
    const calls: string[] = [];
    other.signals.requested.connect(() => void calls.push("other"));
    on("requested", () => void calls.push("mine"));
    await jobs.jobRequested({ jobType: "garden.repot-plant", target: plant() });
    expect(calls).toEqual(["mine"]);
  });
});

describe("Signal", () => {
  test("connecting twice keeps one; disconnect says whether it was connected; send stops at a failure, sendRobust does not", async () => {
    const signal = new Signal<number>("test.signal");
    const calls: string[] = [];
    const a = (n: number) => void calls.push(`a${n}`);
    const boom = () => {
      throw new Error("boom");
    };
    const c = (n: number) => void calls.push(`c${n}`);
    signal.connect(a);
    signal.connect(a);
    signal.connect(boom);
    const disconnectC = signal.connect(c);
    await expect(signal.send(1)).rejects.toThrow("boom");
    const failures = await signal.sendRobust(2);
    expect(calls).toEqual(["a1", "a2", "c2"]);
    expect(failures).toEqual([{ receiver: boom, error: new Error("boom") }]);
    expect(disconnectC()).toBe(true);
    expect(signal.disconnect(c)).toBe(false);
  });

  test("sendRobust throws a required receiver's failure and stops there; an optional one's is collected", async () => {
    const signal = new Signal<number>("test.required");
    const calls: string[] = [];
    const optional = () => {
      throw new Error("optional broke");
    };
    const required = () => {
      throw new Error("required broke");
    };
    signal.connect(optional);
    signal.connect(required, { required: true });
    signal.connect((n: number) => void calls.push(`after${n}`));
    await expect(signal.sendRobust(1)).rejects.toThrow("required broke");
    expect(calls).toEqual([]);
    expect(signal.hasRequiredReceivers).toBe(true);
    signal.connect(required);
    expect(signal.hasRequiredReceivers).toBe(false);
    expect(await signal.sendRobust(2)).toEqual([
      { receiver: optional, error: new Error("optional broke") },
      { receiver: required, error: new Error("required broke") },
    ]);
    expect(calls).toEqual(["after2"]);
  });
});
