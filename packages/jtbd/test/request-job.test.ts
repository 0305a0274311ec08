import { describe, expect, test } from "vitest";
import { createJobs, JobsError } from "../src/index.js";
import { testJobTypes } from "./helpers/job-types.js";
import { countJobs, eventsOf, expireInThePast, memoryLogger, withTestEngine, photo, plant, type TestJobs } from "./helpers/engine.js";
import type { TestDatabase } from "./helpers/test-database.js";

let t: TestDatabase;
let jobs: TestJobs;
withTestEngine((ready) => ({ t, jobs } = ready));

describe("jobRequested", () => {
  test("creates a pending job with the type's defaults and a 'requested' event in the same statement", async () => {
    const target = plant();
    const { job, created } = await jobs.jobRequested({
      jobType: "garden.water-plant",
      target,
      metadata: { pot: "blue" },
      sender: "test",
      by: "person-7",
      source: "user",
    });
    expect(created).toBe(true);
    expect(job).toMatchObject({
      jobType: "garden.water-plant",
      status: "pending",
      targetType: "plant",
      targetId: target.id,
      metadata: { pot: "blue" },
      priority: "normal",
    });
    // expiresAfterHours: 24 on the database clock.
    expect(job.expiresAt!.getTime() - job.createdAt.getTime()).toBe(24 * 3600_000);
    expect(job.dueAt).toBeNull();
    expect(await eventsOf(t.db, jobs, job.id)).toEqual([
      { kind: "requested", actor_id: "person-7", source: "user", data: { sender: "test" } },
    ]);
  });

  test("50 concurrent idempotent requests leave one job and one event", async () => {
    const target = plant();
    const results = await Promise.all(
      Array.from({ length: 50 }, () => jobs.jobRequested({ jobType: "garden.repot-plant", target, idempotent: true })),
    );
    expect(new Set(results.map((r) => r.job.id)).size).toBe(1);
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(await countJobs(t.db, jobs, target)).toBe(1);
    expect(await eventsOf(t.db, jobs, results[0]!.job.id)).toHaveLength(1);
  });

  test("a second request without idempotent is refused and writes nothing", async () => {
    const target = plant();
    await jobs.jobRequested({ jobType: "garden.repot-plant", target });
    const second = jobs.jobRequested({ jobType: "garden.repot-plant", target });
    await expect(second).rejects.toThrow(JobsError);
    await expect(second).rejects.toMatchObject({
      code: "duplicate_pending_job",
      message: 'There is already a pending "Repot the plant" job for this plant.',
    });
    expect(await countJobs(t.db, jobs, target)).toBe(1);
  });

  test("a pending job past its expiry is expired first and does not block a new one", async () => {
    const target = plant();
    const { job: old } = await jobs.jobRequested({ jobType: "garden.water-plant", target });
    await expireInThePast(t.db, jobs, old.id);
    const { job, created } = await jobs.jobRequested({ jobType: "garden.water-plant", target, idempotent: true });
    expect(created).toBe(true);
    expect(job.id).not.toBe(old.id);
    expect((await eventsOf(t.db, jobs, old.id)).map((e) => e.kind)).toEqual(["requested", "expired"]);
  });

  test.each([
    [
      "an unknown job type",
      { jobType: "garden.prune-plant", target: { type: "plant", id: "p1" } },
      "unknown_job_type",
      /"garden.prune-plant" is not a known job type/,
    ],
    [
      "a target of the wrong kind",
      { jobType: "garden.water-plant", target: { type: "photo", id: "p1" } },
      "invalid_input",
      /is about a plant, not a photo/,
    ],
    ["no target", { jobType: "garden.water-plant" }, "invalid_input", /target: A target/],
    [
      "metadata that is not an object",
      { jobType: "garden.water-plant", target: { type: "plant", id: "p1" }, metadata: [1] },
      "invalid_input",
      /Metadata must be a JSON object/,
    ],
    [
      "metadata over 16 KB",
      { jobType: "garden.water-plant", target: { type: "plant", id: "p1" }, metadata: { x: "y".repeat(17_000) } },
      "invalid_input",
      /larger than 16 KB/,
    ],
    [
      "an expiry in the past",
      { jobType: "garden.water-plant", target: { type: "plant", id: "p1" }, expiresAt: new Date(Date.now() - 1000) },
      "invalid_input",
      /Must be in the future/,
    ],
    [
      "an unknown source",
      { jobType: "garden.water-plant", target: { type: "plant", id: "p1" }, source: "robot" },
      "invalid_input",
      /Source must be one of/,
    ],
  ])("refuses %s, writing nothing", async (_label, input, code, message) => {
    // Input from outside the type system (a form, a queue message), hence the cast.
    const refused = jobs.jobRequested(input as never);
    await expect(refused).rejects.toMatchObject({ code, message: expect.stringMatching(message) });
    expect(await countJobs(t.db, jobs, { type: "plant", id: "p1" })).toBe(0);
  });

  test("bad input names each field for a form", async () => {
    const error = await jobs
      .jobRequested({ jobType: "garden.water-plant", target: { type: "", id: "" }, priority: "soon" as never })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JobsError);
    expect((error as JobsError).fieldErrors).toEqual({
      "target.type": ["Target type is required."],
      "target.id": ["Target id is required."],
      priority: ["Priority must be one of low, normal, high, urgent."],
    });
  });

  test("job type keys are typed from the registry; meta is the host's, typed and carried as is", () => {
    const water = jobs.types.get("garden.water-plant");
    expect(water.meta.room).toBe("kitchen");
    expect(jobs.types.require("support.review-photo").key).toBe("support.review-photo");
    if (false as boolean) {
      // @ts-expect-error a misspelt key does not compile
      void jobs.jobRequested({ jobType: "garden.water-plnat", target: plant() });
      // @ts-expect-error nor does a key of another registry
      void jobs.jobCompleted({ jobType: "onboarding.verify-email", target: photo(), source: "auto" });
      // @ts-expect-error meta is typed per job type: the repot type carries none
      void jobs.types.get("garden.repot-plant").meta.room;
    }
  });

  test("a registry that repeats a key or misnames one is refused at start", () => {
    const db = t.db;
    expect(() => createJobs({ types: [...testJobTypes, testJobTypes[0]], db, logger: memoryLogger() })).toThrow(/declared twice/);
    expect(() => createJobs({ types: [{ key: "Water", title: "W", targetType: "plant" }], db, logger: memoryLogger() })).toThrow(
      /must look like "area.verb-noun"/,
    );
  });
});
