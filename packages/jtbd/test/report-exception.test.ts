import { describe, expect, test } from "vitest";
import { fromPg, JobsError, type JobSignalPayload } from "../src/index.js";
import { countJobs, eventsOf, expireInThePast, migratedEngine, withTestEngine, photo, plant, type TestJobs } from "./helpers/engine.js";
import type { TestDatabase } from "./helpers/test-database.js";

// Exceptions that recur: a report for a target whose job of that type is
// pending counts an occurrence on it (and says so) instead of being absorbed.

let t: TestDatabase;
let jobs: TestJobs;
withTestEngine((ready) => ({ t, jobs } = ready));

const report = (target: { type: string; id: string }, message: string, context?: Record<string, string>) =>
  jobs.reportException({ jobType: "support.review-photo", target, error: new TypeError(message), context, sender: "upload" });

const jobRow = async (id: string) =>
  (
    await t.db.query<{ occurrences: number; last_occurred_at: Date | null; updated_at: Date; status: string }>(
      `SELECT occurrences, last_occurred_at, updated_at, status::text FROM ${jobs.sql.jobs} WHERE id = $1::uuid`,
      [id],
    )
  )[0];

describe("reportException counts what recurs", () => {
  test("the first report creates the job; the next ones count occurrences, each with a 'recurred' event carrying its error and context", async () => {
    const target = photo();
    const first = await report(target, "bad pixels", { file: "a.png" });
    expect(first).toMatchObject({ created: true, recurred: false });
    expect(first.job).toMatchObject({ occurrences: 1, lastOccurredAt: null });
    expect(first.job.metadata).toMatchObject({ error: { name: "TypeError", message: "bad pixels" }, context: { file: "a.png" } });

    const second = await report(target, "still bad", { file: "b.png" });
    expect(second).toMatchObject({ created: false, recurred: true });
    expect(second.job.id).toBe(first.job.id);
    expect(second.job.occurrences).toBe(2);
    expect(second.job.lastOccurredAt).toBeInstanceOf(Date);
    // The job keeps the first report; each later one is in its timeline.
    expect(second.job.metadata).toEqual(first.job.metadata);

    const third = await report(target, "third time");
    expect(third.job.occurrences).toBe(3);
    expect(third.job.lastOccurredAt!.getTime()).toBeGreaterThanOrEqual(second.job.lastOccurredAt!.getTime());

    const events = await eventsOf(t.db, jobs, first.job.id);
    expect(events.map((e) => e.kind)).toEqual(["requested", "recurred", "recurred"]);
    expect(events[0]).toMatchObject({ actor_id: null, source: "system", data: { sender: "upload" } });
    expect(events[1]).toMatchObject({
      actor_id: null,
      source: "system",
      data: { sender: "upload", occurrence: 2, error: { name: "TypeError", message: "still bad" }, context: { file: "b.png" } },
    });
    expect(events[2]).toMatchObject({ data: { occurrence: 3, error: { message: "third time" }, context: {} } });
    expect(typeof (events[1]!.data as { reportedAt?: unknown }).reportedAt).toBe("string");
    expect(await countJobs(t.db, jobs, target)).toBe(1);
  });

  test("a recurrence's report is trimmed like the metadata: a huge message is shortened, a huge context dropped", async () => {
    const target = photo();
    await report(target, "first");
    const { job } = await jobs.reportException({
      jobType: "support.review-photo",
      target,
      error: new Error("x".repeat(40_000)),
      context: { dump: "y".repeat(40_000) },
      sender: "upload",
    });
    const [, recurred] = await eventsOf(t.db, jobs, job.id);
    const data = recurred!.data as { error: { message: string }; context: unknown };
    expect(data.error.message).toHaveLength(2000);
    expect(data.context).toEqual({ note: "context too large to keep" });
  });

  test("once the job is finished, the next report opens a new one", async () => {
    const target = photo();
    const first = await report(target, "one");
    await report(target, "two");
    await jobs.jobCompleted({ jobType: "support.review-photo", target, source: "staff" });
    const next = await report(target, "three");
    expect(next).toMatchObject({ created: true, recurred: false });
    expect(next.job.id).not.toBe(first.job.id);
    expect(next.job.occurrences).toBe(1);
    expect((await jobRow(first.job.id))?.occurrences).toBe(2);
  });

  test("a pending job past its expiry is expired, not counted on: the report opens a new job", async () => {
    const target = plant();
    const first = await jobs.reportException({ jobType: "garden.water-plant", target, error: new Error("dry"), sender: "sensor" });
    await expireInThePast(t.db, jobs, first.job.id);
    const next = await jobs.reportException({ jobType: "garden.water-plant", target, error: new Error("dry"), sender: "sensor" });
    expect(next).toMatchObject({ created: true, recurred: false });
    expect(next.job.id).not.toBe(first.job.id);
    expect(await jobRow(first.job.id)).toMatchObject({ status: "expired", occurrences: 1 });
  });

  test("two reports at once for a fresh target: one job, counted twice (created + recurred)", async () => {
    const target = photo();
    const results = await Promise.all([report(target, "a"), report(target, "b")]);
    expect(new Set(results.map((r) => r.job.id)).size).toBe(1);
    expect(results.map((r) => r.created).sort()).toEqual([false, true]);
    expect(results.map((r) => r.recurred).sort()).toEqual([false, true]);
    expect((await jobRow(results[0]!.job.id))?.occurrences).toBe(2);
    expect(await countJobs(t.db, jobs, target)).toBe(1);
  });

  test("30 concurrent reports (from two pools) never lose a count: occurrences 30, one 'requested' and 29 'recurred' events", async () => {
    const target = photo();
    const other = await migratedEngine(fromPg(t.newPool(4)));
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        (i % 2 ? other : jobs).reportException({ jobType: "support.review-photo", target, error: new Error(`#${i}`), sender: "load" }),
      ),
    );
    expect(new Set(results.map((r) => r.job.id)).size).toBe(1);
    expect(results.filter((r) => r.created)).toHaveLength(1);
    // Each report saw its own count: 1 once, then 2…30 each once.
    expect(results.map((r) => r.job.occurrences).sort((a, b) => a - b)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    const job = results[0]!.job;
    expect((await jobRow(job.id))?.occurrences).toBe(30);
    const events = await eventsOf(t.db, jobs, job.id);
    expect(events.filter((e) => e.kind === "requested")).toHaveLength(1);
    expect(events.filter((e) => e.kind === "recurred")).toHaveLength(29);
    expect(await countJobs(t.db, jobs, target)).toBe(1);
  });

  test("receivers of 'recurred' get the job with its new count and the report, in the report's transaction", async () => {
    const target = photo();
    await report(target, "first");
    const seen: Pick<JobSignalPayload, "signal" | "data">[] = [];
    const requested: string[] = [];
    const disconnect = jobs.signals.recurred.connect(({ signal, job, data, db }) => {
      expect(db.inTransaction).toBe(true);
      expect(job.occurrences).toBe(2);
      seen.push({ signal, data });
    });
    const disconnectRequested = jobs.signals.requested.connect(({ job }) => void requested.push(job.id));
    try {
      await report(target, "again", { file: "c.png" });
    } finally {
      disconnect();
      disconnectRequested();
    }
    expect(requested).toEqual([]);
    expect(seen).toEqual([
      {
        signal: "recurred",
        data: expect.objectContaining({
          sender: "upload",
          occurrence: 2,
          error: expect.objectContaining({ message: "again" }),
          context: { file: "c.png" },
        }),
      },
    ]);
  });

  test("a recurrence inside the caller's transaction that rolls back counts nothing", async () => {
    const target = photo();
    const { job } = await report(target, "first");
    await expect(
      t.db.transaction(async (tx) => {
        await jobs.reportException({ jobType: "support.review-photo", target, error: new Error("again"), sender: "upload" }, { db: tx });
        throw new Error("the caller's own change failed");
      }),
    ).rejects.toThrow("the caller's own change failed");
    expect((await jobRow(job.id))?.occurrences).toBe(1);
    expect(await eventsOf(t.db, jobs, job.id)).toHaveLength(1);
  });

  test.each([
    { label: "a target of another type", input: { target: plant() }, field: "target.type" },
    { label: "a context that is not an object", input: { context: ["no"] as unknown as Record<string, string> }, field: "context" },
  ])("refuses $label with invalid_input, writing nothing", async ({ input, field }) => {
    const target = photo();
    const call = jobs.reportException({ jobType: "support.review-photo", target, error: new Error("x"), sender: "upload", ...input });
    await expect(call).rejects.toThrow(JobsError);
    await expect(call).rejects.toMatchObject({ code: "invalid_input", fieldErrors: { [field]: expect.any(Array) } });
    expect(await countJobs(t.db, jobs, target)).toBe(0);
  });
});
