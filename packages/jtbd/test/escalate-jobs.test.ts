import { randomUUID } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";
import { businessHoursClock, createJobs, fromPg, type JobSignalPayload, type JobTypeDefinition, type Jobs } from "../src/index.js";
import { memoryLogger } from "./helpers/engine.js";
import { createTestDatabase, type TestDatabase } from "./helpers/test-database.js";

// SLAs that act, on a clock the test controls: every scan is given its `now`,
// and jobs are given the request time they need (created_at), so nothing sleeps.

const HOUR = 3_600_000;
const BERLIN = { timeZone: "Europe/Berlin", start: "09:00", end: "17:00" } as const;

const types = [
  {
    key: "desk.answer-ticket",
    title: "Answer a ticket",
    targetType: "ticket",
    sla: { firstAction: { withinHours: 1, raisePriorityTo: "high" }, resolve: { withinHours: 4, raisePriorityTo: "urgent" } },
  },
  {
    key: "desk.check-invoice",
    title: "Check an invoice",
    targetType: "invoice",
    expiresAfterHours: 24 * 365,
    sla: { resolve: { withinHours: 8 }, businessHours: true },
  },
  { key: "desk.file-report", title: "File a report", targetType: "report" },
] as const satisfies readonly JobTypeDefinition[];

type DeskJobs = Jobs<typeof types>;

let t: TestDatabase;
let jobs: DeskJobs;
const disconnects: Array<() => unknown> = [];
beforeAll(async () => {
  t = await createTestDatabase();
  jobs = createJobs({ types, db: t.db, logger: memoryLogger(), businessHours: BERLIN });
  await jobs.migrate();
});
afterEach(() => {
  for (const disconnect of disconnects.splice(0)) disconnect();
});
afterAll(async () => {
  await t?.close();
});

const ticket = () => ({ type: "ticket", id: `ticket-${randomUUID()}` });
const invoice = () => ({ type: "invoice", id: `invoice-${randomUUID()}` });

/** Requests a job as if at `at` (its request time is what its SLA counts from). */
async function requestedAt<K extends "desk.answer-ticket" | "desk.check-invoice">(jobType: K, at: Date) {
  const { job } = await jobs.jobRequested({ jobType, target: jobType === "desk.answer-ticket" ? ticket() : invoice() });
  await t.db.execute(`UPDATE ${jobs.sql.jobs} SET created_at = $2 WHERE id = $1::uuid`, [job.id, at]);
  return { ...job, createdAt: at };
}

async function firedRules(jobId: string): Promise<string[]> {
  const rows = await t.db.query<{ rule: string }>(`SELECT rule FROM ${jobs.sql.escalations} WHERE job_id = $1::uuid ORDER BY rule`, [
    jobId,
  ]);
  return rows.map((r) => r.rule);
}

async function jobRow(jobId: string): Promise<{ priority: string; status: string }> {
  const [row] = await t.db.query<{ priority: string; status: string }>(
    `SELECT priority::text, status::text FROM ${jobs.sql.jobs} WHERE id = $1::uuid`,
    [jobId],
  );
  return row!;
}

const eventsOf = (jobId: string) =>
  t.db.query<{ kind: string; source: string; data: unknown }>(
    `SELECT kind::text, source::text, data FROM ${jobs.sql.events} WHERE job_id = $1::uuid ORDER BY id`,
    [jobId],
  );
const escalations = async (jobId: string) => (await eventsOf(jobId)).filter((e) => e.kind === "escalated");
const after = (job: { createdAt: Date }, hours: number, ms = 0) => new Date(job.createdAt.getTime() + hours * HOUR + ms);
// Far enough back that jobs of the other tests (requested "now") are never due in these scans.
const past = (hoursAgo: number) => new Date(Date.UTC(2020, 0, 6, 12) - hoursAgo * HOUR);

describe("escalateJobs on the wall clock", () => {
  test("each rule fires at its deadline, once: the priority is raised and an escalated event records the rule and deadline", async () => {
    const job = await requestedAt("desk.answer-ticket", past(0));

    await jobs.escalateJobs({ now: after(job, 1, -1) });
    expect(await firedRules(job.id)).toEqual([]);

    await jobs.escalateJobs({ now: after(job, 1) });
    expect(await firedRules(job.id)).toEqual(["first-action"]);
    expect(await jobRow(job.id)).toEqual({ priority: "high", status: "pending" });

    // Later scans: first-action never again; resolve at its own deadline, once.
    await jobs.escalateJobs({ now: after(job, 2) });
    await jobs.escalateJobs({ now: after(job, 4) });
    await jobs.escalateJobs({ now: after(job, 5) });
    expect(await firedRules(job.id)).toEqual(["first-action", "resolve"]);
    expect(await jobRow(job.id)).toEqual({ priority: "urgent", status: "pending" });
    expect((await escalations(job.id)).map((e) => [e.source, e.data])).toEqual([
      ["system", { rule: "first-action", deadline: after(job, 1).toISOString(), priority: { from: "normal", to: "high" } }],
      ["system", { rule: "resolve", deadline: after(job, 4).toISOString(), priority: { from: "high", to: "urgent" } }],
    ]);
  });

  test("a scan late past both deadlines fires both rules in one go, and never lowers a priority", async () => {
    const { job } = await jobs.jobRequested({ jobType: "desk.answer-ticket", target: ticket(), priority: "urgent" });
    await t.db.execute(`UPDATE ${jobs.sql.jobs} SET created_at = $2 WHERE id = $1::uuid`, [job.id, past(0)]);
    const result = await jobs.escalateJobs({ now: after({ createdAt: past(0) }, 10) });
    expect(result.escalated).toBeGreaterThanOrEqual(2);
    expect(await firedRules(job.id)).toEqual(["first-action", "resolve"]);
    expect(await jobRow(job.id)).toMatchObject({ priority: "urgent" });
    expect((await escalations(job.id)).map((e) => (e.data as { priority?: unknown }).priority)).toEqual([undefined, undefined]);
  });

  test("a claim is the first action: a job claimed in time escalates only when it is not resolved in time", async () => {
    const job = await requestedAt("desk.answer-ticket", past(0));
    const { job: claimed } = await jobs.jobAssigned({ jobId: job.id, assignee: "ann", expectedAssignee: null, by: "ann", source: "staff" });
    expect(claimed.firstActionAt).toBeInstanceOf(Date);
    // A reassignment keeps the first action's time.
    const { job: reassigned } = await jobs.jobAssigned({ jobId: job.id, assignee: "bob", by: "ann", source: "staff" });
    expect(reassigned.firstActionAt).toEqual(claimed.firstActionAt);

    // The claim happened after this `now`: at that moment nobody had acted yet.
    await jobs.escalateJobs({ now: after(job, 1) });
    expect(await firedRules(job.id)).toEqual(["first-action"]);

    const other = await requestedAt("desk.answer-ticket", past(0));
    await jobs.jobAssigned({ jobId: other.id, assignee: "ann", source: "staff" });
    await jobs.escalateJobs({ now: new Date(Date.now() + HOUR) });
    expect(await firedRules(other.id)).toEqual(["resolve"]);
  });

  test("a job finished a moment before its breach is never escalated, nor is an expired or a snoozed one", async () => {
    const target = ticket();
    const { job } = await jobs.jobRequested({ jobType: "desk.answer-ticket", target });
    const { job: done } = await jobs.jobCompleted({ jobType: "desk.answer-ticket", target, source: "staff" });
    // Its deadline is a millisecond after it was completed; the scan runs well after.
    await t.db.execute(`UPDATE ${jobs.sql.jobs} SET created_at = $2 WHERE id = $1::uuid`, [
      job.id,
      new Date(done!.completedAt!.getTime() - 4 * HOUR + 1),
    ]);
    await jobs.escalateJobs({ now: new Date(Date.now() + 24 * HOUR) });
    expect(await firedRules(job.id)).toEqual([]);
    expect((await eventsOf(job.id)).map((e) => e.kind)).toEqual(["requested", "completed"]);

    const expired = await requestedAt("desk.check-invoice", past(100));
    await t.db.execute(`UPDATE ${jobs.sql.jobs} SET expires_at = $2 WHERE id = $1::uuid`, [expired.id, past(1)]);
    const snoozed = await requestedAt("desk.answer-ticket", past(10));
    await t.db.execute(`UPDATE ${jobs.sql.jobs} SET snoozed_until = $2 WHERE id = $1::uuid`, [snoozed.id, past(-1)]);
    await jobs.escalateJobs({ now: past(0) });
    expect(await firedRules(expired.id)).toEqual([]);
    expect(await firedRules(snoozed.id)).toEqual([]);
    // Back from its snooze and still pending past its deadlines: now it escalates.
    await jobs.escalateJobs({ now: past(-1) });
    expect(await firedRules(snoozed.id)).toEqual(["first-action", "resolve"]);
  });

  test("scans at once, in batches, from several pools: every rule fires exactly once per job, with one event each", async () => {
    const due = [];
    for (let i = 0; i < 12; i++) due.push(await requestedAt("desk.answer-ticket", past(200)));
    const now = past(190);
    const pools = [t.newPool(2), t.newPool(2), t.newPool(2)];
    const scans = await Promise.all(
      pools.map((pool) =>
        createJobs({ types, db: fromPg(pool), logger: memoryLogger(), businessHours: BERLIN }).escalateJobs({ now, batchSize: 5 }),
      ),
    );
    // Everything past due at that moment: these 12 jobs, two rules each.
    expect(scans.reduce((sum, scan) => sum + scan.escalated, 0)).toBe(24);
    for (const job of due) {
      expect(await firedRules(job.id)).toEqual(["first-action", "resolve"]);
      expect((await escalations(job.id)).map((e) => (e.data as { rule: string }).rule).sort()).toEqual(["first-action", "resolve"]);
    }
    expect(await jobs.escalateJobs({ now })).toEqual({ escalated: 0, batches: 0 });
  });
});

describe("escalateJobs in business hours (Mon–Fri 09:00–17:00, Europe/Berlin)", () => {
  test.each([
    // Friday 16:00 CET + 8 business hours: Monday 16:00 CET.
    ["over a weekend", "2020-01-10T15:00:00Z", "2020-01-13T15:00:00Z"],
    // Saturday: the clock starts on Monday at 09:00.
    ["requested on a Saturday", "2020-01-11T10:00:00Z", "2020-01-13T16:00:00Z"],
    // Friday 16:00 CET before the clocks go forward: Monday 16:00 CEST.
    ["across a change to summer time", "2020-03-27T15:00:00Z", "2020-03-30T14:00:00Z"],
  ])("%s: breached at its deadline, not a millisecond before", async (_label, requested, deadline) => {
    const job = await requestedAt("desk.check-invoice", new Date(requested));
    expect(jobs.slaDeadlines(job)).toEqual([
      expect.objectContaining({ rule: "resolve", businessHours: true, deadline: new Date(deadline) }),
    ]);
    await jobs.escalateJobs({ now: new Date(new Date(deadline).getTime() - 1) });
    expect(await firedRules(job.id)).toEqual([]);
    await jobs.escalateJobs({ now: new Date(deadline) });
    expect(await firedRules(job.id)).toEqual(["resolve"]);
    expect((await escalations(job.id)).map((e) => e.data)).toEqual([{ rule: "resolve", deadline: new Date(deadline).toISOString() }]);
  });

  test("the clock's two directions agree, and a bad definition is refused", () => {
    const clock = businessHoursClock(BERLIN);
    const friday = new Date("2020-01-10T15:00:00Z");
    expect(clock.add(friday, 8)).toEqual(new Date("2020-01-13T15:00:00Z"));
    expect(clock.latestStartBefore(new Date("2020-01-13T15:00:00Z"), 8)).toEqual(friday);
    // An opening-time result covers the evening before it: requested then, the clock starts at 09:00 as well.
    expect(clock.latestStartBefore(new Date("2020-01-13T16:00:00Z"), 8)).toEqual(new Date("2020-01-13T08:00:00Z"));
    expect(() => businessHoursClock({ ...BERLIN, timeZone: "Mars/Olympus" })).toThrow(/time zone/);
    expect(() => businessHoursClock({ ...BERLIN, end: "08:00" })).toThrow(/later/);
    expect(() => createJobs({ types, db: t.db })).toThrow(/businessHours/);
    expect(() =>
      createJobs({ types: [{ key: "desk.x-y", title: "X", targetType: "x", sla: { resolve: { withinHours: 0 } } }], db: t.db }),
    ).toThrow(/withinHours/);
  });
});

describe("the escalated signal", () => {
  test("receivers hear each rule fired, in the scan's transaction", async () => {
    const heard: Array<Pick<JobSignalPayload, "data" | "actor"> & { priority: string; inTransaction: boolean }> = [];
    disconnects.push(
      jobs.signals.escalated.connect(({ job, data, actor, db }) => {
        if (job.targetType === "ticket" && job.createdAt.getTime() === past(300).getTime())
          heard.push({ data, actor, priority: job.priority, inTransaction: db.inTransaction });
      }),
    );
    const job = await requestedAt("desk.answer-ticket", past(300));
    await jobs.escalateJobs({ now: after(job, 2) });
    expect(heard).toEqual([
      {
        data: { rule: "first-action", deadline: after(job, 1).toISOString(), priority: { from: "normal", to: "high" } },
        actor: { id: null, source: "system" },
        priority: "high",
        inTransaction: true,
      },
    ]);
  });

  test("a required receiver that fails undoes the escalation, so the next scan fires it again", async () => {
    const job = await requestedAt("desk.answer-ticket", past(400));
    let fail = true;
    disconnects.push(
      jobs.signals.escalated.connect(
        () => {
          if (fail) throw new Error("outbox down");
        },
        { required: true },
      ),
    );
    await expect(jobs.escalateJobs({ now: after(job, 2) })).rejects.toThrow("outbox down");
    expect(await firedRules(job.id)).toEqual([]);
    expect(await jobRow(job.id)).toMatchObject({ priority: "normal" });
    fail = false;
    await jobs.escalateJobs({ now: after(job, 2) });
    expect(await firedRules(job.id)).toEqual(["first-action"]);
  });
});
