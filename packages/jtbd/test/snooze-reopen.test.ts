import type pg from "pg";
import { describe, expect, test } from "vitest";
import { createJobs, fromPg } from "../src/index.js";
import { eventsOf, expireInThePast, memoryLogger, withTestEngine, photo, plant, type TestJobs } from "./helpers/engine.js";
import { testJobTypes } from "./helpers/job-types.js";
import type { TestDatabase } from "./helpers/test-database.js";

let t: TestDatabase;
let jobs: TestJobs;
withTestEngine((ready) => ({ t, jobs } = ready));

const HOUR = 3600_000;
const inHours = (hours: number) => new Date(Date.now() + hours * HOUR);

/** The ids a host's list would show for these targets: pending, not expired, awake. */
async function listed(ids: string[]): Promise<string[]> {
  const rows = await t.db.query<{ id: string }>(
    `SELECT id FROM ${jobs.sql.jobs} WHERE id = ANY($1::uuid[]) AND ${jobs.sql.pendingNow()} AND ${jobs.sql.awakeNow()} ORDER BY id`,
    [ids],
  );
  return rows.map((r) => r.id);
}

async function row(jobId: string) {
  const [r] = await t.db.query<{ snoozed_until: Date | null; first_action_at: Date | null; status: string; expires_at: Date | null }>(
    `SELECT snoozed_until, first_action_at, status::text, expires_at FROM ${jobs.sql.jobs} WHERE id = $1::uuid`,
    [jobId],
  );
  return r!;
}

describe("jobSnoozed", () => {
  test("a snoozed job leaves the list, stays pending, and comes back by itself once its moment has passed", async () => {
    const { job } = await jobs.jobRequested({ jobType: "support.review-photo", target: photo() });
    const { job: other } = await jobs.jobRequested({ jobType: "support.review-photo", target: photo() });
    const until = inHours(24);
    const result = await jobs.jobSnoozed({ jobId: job.id, until, by: "ann", source: "staff" });
    expect(result.changed).toBe(true);
    expect(result.job).toMatchObject({ status: "pending", snoozedUntil: until });
    expect(await listed([job.id, other.id])).toEqual([other.id]);

    // Time passing, without sleeping: the moment it was snoozed until is now behind us.
    await t.db.execute(`UPDATE ${jobs.sql.jobs} SET snoozed_until = now() - interval '1 second' WHERE id = $1::uuid`, [job.id]);
    expect(await listed([job.id, other.id])).toEqual([job.id, other.id].sort());
    expect((await row(job.id)).status).toBe("pending");

    const events = await eventsOf(t.db, jobs, job.id);
    expect(events.map((e) => e.kind)).toEqual(["requested", "snoozed"]);
    expect(events[1]).toMatchObject({ actor_id: "ann", source: "staff", data: { until: until.toISOString(), from: null } });
  });

  test("waking early (until: null) brings it back with an event; waking an awake job changes nothing", async () => {
    const { job } = await jobs.jobRequested({ jobType: "garden.repot-plant", target: plant() });
    const until = inHours(48);
    await jobs.jobSnoozed({ jobId: job.id, until, by: "bob", source: "user" });
    const woken = await jobs.jobSnoozed({ jobId: job.id, until: null, by: "bob", source: "user" });
    expect(woken).toMatchObject({ changed: true, job: { snoozedUntil: null } });
    expect(await listed([job.id])).toEqual([job.id]);
    await expect(jobs.jobSnoozed({ jobId: job.id, until: null, source: "user" })).resolves.toMatchObject({ changed: false });
    const events = (await eventsOf(t.db, jobs, job.id)).filter((e) => e.kind === "snoozed");
    expect(events.map((e) => e.data)).toEqual([
      { until: until.toISOString(), from: null },
      { until: null, from: until.toISOString() },
    ]);
  });

  test("snoozing again to the same moment changes nothing; to another moment records from and until", async () => {
    const { job } = await jobs.jobRequested({ jobType: "garden.repot-plant", target: plant() });
    const first = inHours(5);
    const second = inHours(10);
    await jobs.jobSnoozed({ jobId: job.id, until: first, source: "user" });
    await expect(jobs.jobSnoozed({ jobId: job.id, until: first, source: "user" })).resolves.toMatchObject({ changed: false });
    await jobs.jobSnoozed({ jobId: job.id, until: second, source: "user" });
    const events = (await eventsOf(t.db, jobs, job.id)).filter((e) => e.kind === "snoozed");
    expect(events.map((e) => e.data)).toEqual([
      { until: first.toISOString(), from: null },
      { until: second.toISOString(), from: first.toISOString() },
    ]);
  });

  test("snoozing is a first action: first_action_at is set once and kept", async () => {
    const { job } = await jobs.jobRequested({ jobType: "garden.repot-plant", target: plant() });
    expect((await row(job.id)).first_action_at).toBeNull();
    await t.db.execute(`UPDATE ${jobs.sql.jobs} SET first_action_at = now() - interval '1 hour' WHERE id = $1::uuid`, [job.id]);
    const earlier = (await row(job.id)).first_action_at;
    const { job: snoozed } = await jobs.jobSnoozed({ jobId: job.id, until: inHours(1), source: "user" });
    expect(snoozed.firstActionAt).toEqual(earlier);

    const { job: fresh } = await jobs.jobRequested({ jobType: "garden.repot-plant", target: plant() });
    const { job: first } = await jobs.jobSnoozed({ jobId: fresh.id, until: inHours(1), source: "user" });
    expect(first.firstActionAt).toBeInstanceOf(Date);
  });

  test.each([
    {
      label: "a moment in the past",
      until: () => new Date(Date.now() - 60_000),
      message: "Choose a moment in the future to snooze until.",
    },
    { label: "more than a year away", until: () => inHours(24 * 400), message: /at most 366 days/ },
    { label: "at or after the job's expiry", until: () => inHours(30), message: /expires before then/ },
  ])("refuses $label as invalid input, writing nothing", async ({ until, message }) => {
    const { job } = await jobs.jobRequested({ jobType: "garden.water-plant", target: plant() }); // expires in 24 h
    await expect(jobs.jobSnoozed({ jobId: job.id, until: until(), source: "user" })).rejects.toMatchObject({
      code: "invalid_input",
      message: expect.stringMatching(message),
    });
    expect((await row(job.id)).snoozed_until).toBeNull();
    expect((await eventsOf(t.db, jobs, job.id)).map((e) => e.kind)).toEqual(["requested"]);
  });

  test("only pending jobs are snoozed; an unknown id is not found; until is required", async () => {
    const target = photo();
    const { job } = await jobs.jobRequested({ jobType: "support.review-photo", target });
    await jobs.jobCompleted({ jobType: "support.review-photo", target, source: "staff" });
    await expect(jobs.jobSnoozed({ jobId: job.id, until: inHours(1), source: "staff" })).rejects.toMatchObject({ code: "job_completed" });
    const { job: expiring } = await jobs.jobRequested({ jobType: "garden.water-plant", target: plant() });
    await expireInThePast(t.db, jobs, expiring.id);
    await expect(jobs.jobSnoozed({ jobId: expiring.id, until: inHours(1), source: "user" })).rejects.toMatchObject({ code: "job_expired" });
    await expect(
      jobs.jobSnoozed({ jobId: "0190a5a0-0000-7000-8000-000000000002", until: inHours(1), source: "user" }),
    ).rejects.toMatchObject({ code: "not_found" });
    await expect(jobs.jobSnoozed({ jobId: job.id, until: undefined as unknown as null, source: "user" })).rejects.toMatchObject({
      code: "invalid_input",
      fieldErrors: { until: [expect.any(String)] },
    });
  });

  test("finishing a snoozed job works as for any pending job", async () => {
    const target = photo();
    const { job } = await jobs.jobRequested({ jobType: "support.review-photo", target });
    await jobs.jobSnoozed({ jobId: job.id, until: inHours(3), source: "staff" });
    await expect(jobs.jobCompleted({ jobType: "support.review-photo", target, source: "staff" })).resolves.toMatchObject({ changed: true });
  });

  test("the snoozed signal reaches receivers with until and from, in the change's transaction", async () => {
    const seen: unknown[] = [];
    const disconnect = jobs.signals.snoozed.connect(({ job, data, db }) => {
      seen.push({ id: job.id, data, inTransaction: db.inTransaction });
    });
    try {
      const { job } = await jobs.jobRequested({ jobType: "garden.repot-plant", target: plant() });
      const until = inHours(2);
      await jobs.jobSnoozed({ jobId: job.id, until, by: "ann", source: "user" });
      expect(seen).toEqual([{ id: job.id, data: { until: until.toISOString(), from: null }, inTransaction: true }]);
    } finally {
      disconnect();
    }
  });
});

async function finishedAgo(jobId: string, hours: number): Promise<void> {
  await t.db.execute(`UPDATE ${jobs.sql.jobs} SET completed_at = now() - $2::float8 * interval '1 hour' WHERE id = $1::uuid`, [
    jobId,
    hours,
  ]);
}

describe("jobReopened", () => {
  test("a resolved job goes back to pending, its completion cleared, with the reason and the previous status on the event", async () => {
    const target = photo();
    const { job } = await jobs.jobRequested({ jobType: "support.review-photo", target, assignedTo: "ann" });
    await jobs.jobCompleted({ jobType: "support.review-photo", target, by: "ann", source: "staff", note: "looks fine" });
    const result = await jobs.jobReopened({ jobId: job.id, reason: "Wrong photo, resolved by mistake", by: "boss", source: "staff" });
    expect(result.changed).toBe(true);
    expect(result.job).toMatchObject({
      status: "pending",
      completedAt: null,
      completedById: null,
      completionSource: null,
      resolutionNote: null,
      assignedToId: "ann",
    });
    const events = await eventsOf(t.db, jobs, job.id);
    expect(events.map((e) => e.kind)).toEqual(["requested", "completed", "reopened"]);
    expect(events[2]).toMatchObject({
      actor_id: "boss",
      source: "staff",
      data: { reason: "Wrong photo, resolved by mistake", from: "completed" },
    });
    // Pending again: it can be finished again like any other.
    await expect(jobs.jobCancelled({ jobType: "support.review-photo", target, source: "staff", note: "dup" })).resolves.toMatchObject({
      changed: true,
    });
  });

  test("a dismissed job reopens too; reopening one that is pending again changes nothing", async () => {
    const target = photo();
    const { job } = await jobs.jobRequested({ jobType: "support.review-photo", target });
    await jobs.jobCancelled({ jobType: "support.review-photo", target, source: "staff", note: "spam" });
    await expect(jobs.jobReopened({ jobId: job.id, reason: "not spam", source: "staff" })).resolves.toMatchObject({
      changed: true,
      job: { status: "pending" },
    });
    expect((await eventsOf(t.db, jobs, job.id)).at(-1)!.data).toEqual({ reason: "not spam", from: "cancelled" });
    await expect(jobs.jobReopened({ jobId: job.id, reason: "again", source: "staff" })).resolves.toMatchObject({ changed: false });
    expect((await eventsOf(t.db, jobs, job.id)).filter((e) => e.kind === "reopened")).toHaveLength(1);
  });

  test.each([
    { label: "just inside the window", hoursAgo: 71, ok: true },
    { label: "past the window", hoursAgo: 73, ok: false },
  ])("the type's window (72 hours): $label", async ({ hoursAgo, ok }) => {
    const target = photo();
    const { job } = await jobs.jobRequested({ jobType: "support.review-photo", target });
    await jobs.jobCompleted({ jobType: "support.review-photo", target, source: "staff" });
    await finishedAgo(job.id, hoursAgo);
    const reopening = jobs.jobReopened({ jobId: job.id, reason: "mistake", source: "staff" });
    if (ok) await expect(reopening).resolves.toMatchObject({ changed: true });
    else {
      await expect(reopening).rejects.toMatchObject({ code: "not_allowed", message: expect.stringContaining("3 days") });
      expect((await row(job.id)).status).toBe("completed");
    }
  });

  test("a type without a window never reopens; an expired job does not; a reason is required", async () => {
    const target = plant();
    const { job } = await jobs.jobRequested({ jobType: "garden.repot-plant", target });
    await jobs.jobCompleted({ jobType: "garden.repot-plant", target, source: "user" });
    await expect(jobs.jobReopened({ jobId: job.id, reason: "oops", source: "staff" })).rejects.toMatchObject({
      code: "not_allowed",
      message: '"Repot the plant" jobs cannot be reopened.',
    });

    const { job: expired } = await jobs.jobRequested({ jobType: "garden.water-plant", target: plant() });
    await expireInThePast(t.db, jobs, expired.id);
    await jobs.expireDueJobs();
    await expect(jobs.jobReopened({ jobId: expired.id, reason: "oops", source: "staff" })).rejects.toMatchObject({ code: "not_allowed" });

    await expect(jobs.jobReopened({ jobId: job.id, reason: "  ", source: "staff" })).rejects.toMatchObject({
      code: "invalid_input",
      fieldErrors: { reason: ["Say why the job is reopened."] },
    });
    await expect(jobs.jobReopened({ jobId: "0190a5a0-0000-7000-8000-000000000003", reason: "x", source: "staff" })).rejects.toMatchObject({
      code: "not_found",
    });
  });

  test("an expiry that passed while it was finished starts again from now", async () => {
    const target = plant();
    const { job } = await jobs.jobRequested({ jobType: "garden.water-plant", target });
    await jobs.jobCompleted({ jobType: "garden.water-plant", target, source: "user" });
    await t.db.execute(`UPDATE ${jobs.sql.jobs} SET expires_at = now() - interval '1 hour' WHERE id = $1::uuid`, [job.id]);
    const { job: reopened } = await jobs.jobReopened({ jobId: job.id, reason: "not watered after all", source: "staff" });
    expect(reopened.expiresAt!.getTime()).toBeGreaterThan(Date.now() + 23 * HOUR);
    expect(await listed([job.id])).toEqual([job.id]);
  });

  test("with another job pending for the same target and type, reopening is refused and the index holds", async () => {
    const target = photo();
    const { job: old } = await jobs.jobRequested({ jobType: "support.review-photo", target });
    await jobs.jobCompleted({ jobType: "support.review-photo", target, source: "staff" });
    const { job: current } = await jobs.jobRequested({ jobType: "support.review-photo", target });
    await expect(jobs.jobReopened({ jobId: old.id, reason: "mistake", source: "staff" })).rejects.toMatchObject({
      code: "duplicate_pending_job",
      message: 'There is already a pending "Review a photo" job for this photo: work on that one instead of reopening this.',
    });
    expect((await row(old.id)).status).toBe("completed");
    expect((await row(current.id)).status).toBe("pending");
    expect((await eventsOf(t.db, jobs, old.id)).map((e) => e.kind)).toEqual(["requested", "completed"]);
  });

  test("a pending job past its expiry (not swept yet) does not block: it is expired first", async () => {
    const target = plant();
    const { job: old } = await jobs.jobRequested({ jobType: "garden.water-plant", target });
    await jobs.jobCompleted({ jobType: "garden.water-plant", target, source: "user" });
    const { job: stale } = await jobs.jobRequested({ jobType: "garden.water-plant", target });
    await expireInThePast(t.db, jobs, stale.id);
    await expect(jobs.jobReopened({ jobId: old.id, reason: "mistake", source: "staff" })).resolves.toMatchObject({ changed: true });
    expect((await row(stale.id)).status).toBe("expired");
  });

  test("two finished jobs of one target reopened at once: exactly one becomes pending, the other is refused", async () => {
    const target = photo();
    const ids: string[] = [];
    for (let i = 0; i < 2; i++) {
      const { job } = await jobs.jobRequested({ jobType: "support.review-photo", target });
      await jobs.jobCompleted({ jobType: "support.review-photo", target, source: "staff" });
      ids.push(job.id);
    }
    const other = createEngineOn(t.newPool(2));
    const results = await Promise.allSettled([
      jobs.jobReopened({ jobId: ids[0]!, reason: "a", source: "staff" }),
      other.jobReopened({ jobId: ids[1]!, reason: "b", source: "staff" }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const lost = results.find((r) => r.status === "rejected");
    expect(lost?.status === "rejected" && lost.reason).toMatchObject({ code: "duplicate_pending_job" });
    const [count] = await t.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM ${jobs.sql.jobs} WHERE target_type = $1 AND target_id = $2 AND status = 'pending'`,
      [target.type, target.id],
    );
    expect(count!.n).toBe(1);
  });

  test("the reopened signal reaches receivers with the reason and the previous status", async () => {
    const seen: unknown[] = [];
    const disconnect = jobs.signals.reopened.connect(({ job, data }) => void seen.push({ id: job.id, status: job.status, data }));
    try {
      const target = photo();
      const { job } = await jobs.jobRequested({ jobType: "support.review-photo", target });
      await jobs.jobCancelled({ jobType: "support.review-photo", target, source: "staff" });
      await jobs.jobReopened({ jobId: job.id, reason: "why not", source: "staff" });
      expect(seen).toEqual([{ id: job.id, status: "pending", data: { reason: "why not", from: "cancelled" } }]);
    } finally {
      disconnect();
    }
  });
});

/** A second engine on its own pool: another process reopening at the same moment. */
function createEngineOn(pool: pg.Pool): TestJobs {
  return createJobs({ types: testJobTypes, db: fromPg(pool), logger: memoryLogger() });
}
