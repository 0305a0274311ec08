import { describe, expect, test } from "vitest";
import { fromPg } from "../src/index.js";
import { eventsOf, expireInThePast, migratedEngine, withTestEngine, photo, plant, type TestJobs } from "./helpers/engine.js";
import type { TestDatabase } from "./helpers/test-database.js";

let t: TestDatabase;
let jobs: TestJobs;
withTestEngine((ready) => ({ t, jobs } = ready));

describe("jobAssigned", () => {
  test("two people claiming at once: one wins, the other is told someone else has it", async () => {
    const { job } = await jobs.jobRequested({ jobType: "support.review-photo", target: photo() });
    const claims = await Promise.allSettled(
      ["ann", "bob"].map((who) => jobs.jobAssigned({ jobId: job.id, assignee: who, expectedAssignee: null, by: who, source: "staff" })),
    );
    expect(claims.filter((c) => c.status === "fulfilled")).toHaveLength(1);
    const lost = claims.find((c) => c.status === "rejected");
    expect(lost?.status === "rejected" && lost.reason).toMatchObject({
      code: "conflict",
      message: "Someone else has already claimed this job.",
    });
    const events = await eventsOf(t.db, jobs, job.id);
    expect(events.map((e) => e.kind)).toEqual(["requested", "assigned"]);
  });

  test("reassign and unassign record from and to; assigning to whoever has it changes nothing", async () => {
    const { job } = await jobs.jobRequested({ jobType: "support.review-photo", target: photo(), assignedTo: "ann" });
    await expect(jobs.jobAssigned({ jobId: job.id, assignee: "ann", source: "staff" })).resolves.toMatchObject({ changed: false });
    await jobs.jobAssigned({ jobId: job.id, assignee: "bob", source: "staff" });
    const { job: unassigned } = await jobs.jobAssigned({ jobId: job.id, assignee: null, source: "staff" });
    expect(unassigned.assignedToId).toBeNull();
    expect((await eventsOf(t.db, jobs, job.id)).filter((e) => e.kind === "assigned").map((e) => e.data)).toEqual([
      { from: "ann", to: "bob" },
      { from: "bob", to: null },
    ]);
  });

  test("only pending jobs are assigned; an unknown id is not found", async () => {
    const target = photo();
    const { job } = await jobs.jobRequested({ jobType: "support.review-photo", target });
    await jobs.jobCompleted({ jobType: "support.review-photo", target, source: "staff" });
    await expect(jobs.jobAssigned({ jobId: job.id, assignee: "ann", source: "staff" })).rejects.toMatchObject({ code: "job_completed" });
    await expect(
      jobs.jobAssigned({ jobId: "0190a5a0-0000-7000-8000-000000000001", assignee: "ann", source: "staff" }),
    ).rejects.toMatchObject({ code: "not_found" });
  });
});

describe("jobsExtended", () => {
  test("moves pending jobs' expiry later with an event each; jobs no longer pending are skipped", async () => {
    const { job: a } = await jobs.jobRequested({ jobType: "garden.water-plant", target: plant() });
    const target = plant();
    const { job: b } = await jobs.jobRequested({ jobType: "garden.water-plant", target });
    await jobs.jobCompleted({ jobType: "garden.water-plant", target, source: "auto" });
    const result = await jobs.jobsExtended({ jobIds: [a.id, b.id], days: 3, by: "boss", source: "staff" });
    expect(result.skipped).toEqual([b.id]);
    expect(result.jobs[0]!.expiresAt!.getTime() - a.expiresAt!.getTime()).toBe(3 * 24 * 3600_000);
    expect((await eventsOf(t.db, jobs, a.id)).at(-1)).toMatchObject({ kind: "extended", actor_id: "boss", data: { days: 3 } });
    await expect(jobs.jobsExtended({ jobIds: [b.id], days: 3, source: "staff" })).rejects.toMatchObject({ code: "not_allowed" });
    await expect(jobs.jobsExtended({ jobIds: [a.id], days: 0, source: "staff" })).rejects.toMatchObject({ code: "invalid_input" });
  });
});

describe("expireDueJobs", () => {
  test("expires what is due in batches, one event each, and leaves the rest", async () => {
    const due = [];
    for (let i = 0; i < 7; i++) {
      const { job } = await jobs.jobRequested({ jobType: "garden.water-plant", target: plant() });
      await expireInThePast(t.db, jobs, job.id);
      due.push(job.id);
    }
    const { job: notYet } = await jobs.jobRequested({ jobType: "garden.water-plant", target: plant() });
    const result = await jobs.expireDueJobs({ batchSize: 3 });
    expect(result).toEqual({ expired: 7, batches: 3 });
    const rows = await t.db.query<{ id: string; status: string }>(
      `SELECT id::text, status::text FROM ${jobs.sql.jobs} WHERE id = ANY($1::uuid[])`,
      [[...due, notYet.id]],
    );
    expect(rows.filter((r) => r.status === "expired")).toHaveLength(7);
    expect(rows.find((r) => r.id === notYet.id)?.status).toBe("pending");
    const [events] = await t.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM ${jobs.sql.events} WHERE kind = 'expired' AND job_id = ANY($1::uuid[])`,
      [due],
    );
    expect(events?.n).toBe(7);
  });

  test("two sweeps at once share the work: every due job expired once", async () => {
    const due: string[] = [];
    for (let i = 0; i < 40; i++) {
      const { job } = await jobs.jobRequested({ jobType: "garden.water-plant", target: plant() });
      due.push(job.id);
    }
    await t.db.execute(`UPDATE ${jobs.sql.jobs} SET expires_at = now() - interval '1 minute' WHERE id = ANY($1::uuid[])`, [due]);
    const other = await migratedEngine(fromPg(t.newPool(4)));
    const [a, b] = await Promise.all([jobs.expireDueJobs({ batchSize: 5 }), other.expireDueJobs({ batchSize: 5 })]);
    expect(a.expired + b.expired).toBe(40);
    const [events] = await t.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM ${jobs.sql.events} WHERE kind = 'expired' AND job_id = ANY($1::uuid[])`,
      [due],
    );
    expect(events?.n).toBe(40);
  });

  test("asOf expires what will be due then", async () => {
    const { job } = await jobs.jobRequested({ jobType: "garden.water-plant", target: plant() });
    await jobs.expireDueJobs({ asOf: new Date(Date.now() + 25 * 3600_000) });
    const [row] = await t.db.query<{ status: string }>(`SELECT status::text FROM ${jobs.sql.jobs} WHERE id = $1::uuid`, [job.id]);
    expect(row?.status).toBe("expired");
  });
});

describe("reportException", () => {
  test("opens one job per target and type with the error in its metadata", async () => {
    const target = photo();
    const first = await jobs.reportException({
      jobType: "support.review-photo",
      target,
      error: new TypeError("bad pixels"),
      context: { file: "a.png" },
      sender: "upload",
    });
    const again = await jobs.reportException({
      jobType: "support.review-photo",
      target,
      error: new TypeError("bad pixels"),
      sender: "upload",
    });
    expect(again.job.id).toBe(first.job.id);
    expect(again.created).toBe(false);
    expect(first.job.metadata).toMatchObject({ error: { name: "TypeError", message: "bad pixels" }, context: { file: "a.png" } });
  });
});

describe("fromPg on a client outside a transaction", () => {
  test("the engine opens and commits its own transaction on it when receivers need one", async () => {
    const client = await t.pool.connect();
    const seen: boolean[] = [];
    const disconnect = jobs.signals.requested.connect(({ db }) => void seen.push(db.inTransaction));
    try {
      const db = fromPg(client);
      expect(db.inTransaction).toBe(false);
      const { job } = await jobs.jobRequested({ jobType: "garden.repot-plant", target: plant() }, { db });
      expect(seen).toEqual([true]);
      expect(client.getTransactionStatus()).toBe("I");
      expect(await eventsOf(t.db, jobs, job.id)).toHaveLength(1);
    } finally {
      disconnect();
      client.release();
    }
  });
});
