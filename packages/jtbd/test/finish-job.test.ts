import { describe, expect, test } from "vitest";
import { eventsOf, expireInThePast, withTestEngine, photo, plant, type TestJobs } from "./helpers/engine.js";
import type { TestDatabase } from "./helpers/test-database.js";

let t: TestDatabase;
let jobs: TestJobs;
withTestEngine((ready) => ({ t, jobs } = ready));

const snapshot = async (jobId: string) => ({
  job: (await t.db.query(`SELECT status::text, updated_at, metadata, completed_at FROM ${jobs.sql.jobs} WHERE id = $1::uuid`, [jobId]))[0],
  events: await eventsOf(t.db, jobs, jobId),
});

describe("jobCompleted / jobCancelled", () => {
  test("completing twice changes the job once and writes one event", async () => {
    const target = plant();
    const { job } = await jobs.jobRequested({ jobType: "garden.repot-plant", target });
    const first = await jobs.jobCompleted({
      jobType: "garden.repot-plant",
      target,
      by: "gardener-1",
      source: "user",
      note: "done",
      metadata: { soil: "peat" },
    });
    expect(first).toMatchObject({
      changed: true,
      job: {
        id: job.id,
        status: "completed",
        completedById: "gardener-1",
        completionSource: "user",
        resolutionNote: "done",
        metadata: { soil: "peat" },
      },
    });
    const second = await jobs.jobCompleted({ jobType: "garden.repot-plant", target, source: "auto" });
    expect(second).toMatchObject({ changed: false, job: { id: job.id, status: "completed", completionSource: "user" } });
    expect((await eventsOf(t.db, jobs, job.id)).map((e) => e.kind)).toEqual(["requested", "completed"]);
  });

  test("concurrent completions: one wins, one event", async () => {
    const target = plant();
    const { job } = await jobs.jobRequested({ jobType: "garden.repot-plant", target });
    const results = await Promise.all(
      Array.from({ length: 10 }, () => jobs.jobCompleted({ jobType: "garden.repot-plant", target, source: "auto" })),
    );
    expect(results.filter((r) => r.changed)).toHaveLength(1);
    expect((await eventsOf(t.db, jobs, job.id)).map((e) => e.kind)).toEqual(["requested", "completed"]);
  });

  test("completing a cancelled job is refused and writes nothing", async () => {
    const target = plant();
    const { job } = await jobs.jobRequested({ jobType: "garden.repot-plant", target });
    await jobs.jobCancelled({ jobType: "garden.repot-plant", target, source: "user", note: "moved house" });
    const before = await snapshot(job.id);
    await expect(jobs.jobCompleted({ jobType: "garden.repot-plant", target, source: "user" })).rejects.toMatchObject({
      code: "job_cancelled",
      message: '"Repot the plant" was cancelled, so it can no longer be completed.',
    });
    expect(await snapshot(job.id)).toEqual(before);
  });

  test("completing an expired job is refused and writes nothing, swept or not", async () => {
    const target = plant();
    const { job } = await jobs.jobRequested({ jobType: "garden.water-plant", target });
    await expireInThePast(t.db, jobs, job.id);
    const before = await snapshot(job.id);
    await expect(jobs.jobCompleted({ jobType: "garden.water-plant", target, source: "user" })).rejects.toMatchObject({
      code: "job_expired",
    });
    expect(await snapshot(job.id)).toEqual(before);

    await jobs.expireDueJobs();
    const swept = await snapshot(job.id);
    await expect(jobs.jobCompleted({ jobType: "garden.water-plant", target, source: "user" })).rejects.toMatchObject({
      code: "job_expired",
    });
    expect(await snapshot(job.id)).toEqual(swept);
  });

  test("cancelling a completed job is refused; a target that never had the job changes nothing", async () => {
    const target = plant();
    await jobs.jobRequested({ jobType: "garden.repot-plant", target });
    await jobs.jobCompleted({ jobType: "garden.repot-plant", target, source: "auto" });
    await expect(jobs.jobCancelled({ jobType: "garden.repot-plant", target, source: "user" })).rejects.toMatchObject({
      code: "job_completed",
    });
    await expect(jobs.jobCompleted({ jobType: "garden.repot-plant", target: plant(), source: "auto" })).resolves.toEqual({
      job: null,
      changed: false,
    });
  });

  test("autoCompleteJob leaves a job that ended otherwise as it ended, without an error", async () => {
    const target = photo();
    await jobs.jobRequested({ jobType: "support.review-photo", target });
    await jobs.jobCancelled({ jobType: "support.review-photo", target, source: "staff" });
    await expect(jobs.autoCompleteJob({ jobType: "support.review-photo", target })).resolves.toEqual({ job: null, changed: false });
  });

  test("jobId pins the job: another id is not found; a malformed one is bad input", async () => {
    const target = plant();
    await jobs.jobRequested({ jobType: "garden.repot-plant", target });
    await expect(
      jobs.jobCompleted({ jobType: "garden.repot-plant", target, source: "user", jobId: "0190a5a0-0000-7000-8000-000000000000" }),
    ).rejects.toMatchObject({ code: "not_found" });
    await expect(jobs.jobCompleted({ jobType: "garden.repot-plant", target, source: "user", jobId: "nope" })).rejects.toMatchObject({
      code: "invalid_input",
      fieldErrors: { jobId: ["Must be a job id (uuid)."] },
    });
  });
});
