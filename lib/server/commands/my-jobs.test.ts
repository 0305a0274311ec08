import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { UserRow } from "@/lib/db/client";
import { jobRequested, type JobTypeKey } from "@/lib/jobs";
import { actorOf, countRows, createUser, expireInThePast } from "@/test/fixtures";
import { createTestDatabase, type TestDatabase } from "@/test/database";
import { completeMyJob } from "./complete-my-job";
import { dismissMyJob } from "./dismiss-my-job";

// The rules of a person's own todo list: only their own jobs, only the kinds
// they may finish by hand, and a refusal changes nothing.

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase({ poolMax: 4 });
});
afterAll(async () => {
  await t?.close();
});

async function jobFor(user: UserRow, jobType: JobTypeKey) {
  const { job } = await jobRequested(t.prisma, { target: { type: "user", id: user.id }, jobType, assignedTo: user.id });
  return job;
}

async function snapshot(jobId: string) {
  const [rows, job] = await Promise.all([countRows(t.prisma), t.prisma.job.findUniqueOrThrow({ where: { id: jobId } })]);
  return { rows, status: job.status, updatedAt: job.updatedAt };
}

const commands = { completeMyJob, dismissMyJob } as const;

describe("completeMyJob", () => {
  test("completes the person's own manual job, recording them and the user source", async () => {
    const user = await createUser(t.prisma);
    const job = await jobFor(user, "onboarding.read-guide");

    const result = await completeMyJob.run(actorOf(user), { jobId: job.id }, { db: t.prisma });

    expect(result).toEqual({ ok: true, data: { jobId: job.id, status: "completed", changed: true } });
    const row = await t.prisma.job.findUniqueOrThrow({ where: { id: job.id } });
    expect(row).toMatchObject({ status: "completed", completedById: user.id, completionSource: "user" });
    const events = await t.prisma.jobEvent.findMany({ where: { jobId: job.id, kind: "completed" } });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ actorId: user.id, source: "user" });
  });

  test("completing twice is harmless: the second answers ok and changes nothing", async () => {
    const user = await createUser(t.prisma);
    const job = await jobFor(user, "onboarding.read-guide");
    await completeMyJob.run(actorOf(user), { jobId: job.id }, { db: t.prisma });
    const before = await snapshot(job.id);

    const again = await completeMyJob.run(actorOf(user), { jobId: job.id }, { db: t.prisma });

    expect(again).toEqual({ ok: true, data: { jobId: job.id, status: "completed", changed: false } });
    expect(await snapshot(job.id)).toEqual(before);
  });

  test.each<{ label: string; jobType: JobTypeKey; code: string; message: RegExp }>([
    { label: "verify-email (the system completes it)", jobType: "onboarding.verify-email", code: "not_allowed", message: /automatically/ },
    {
      label: "upload-document (the system completes it)",
      jobType: "onboarding.upload-document",
      code: "not_allowed",
      message: /automatically/,
    },
    {
      label: "invite-teammate (dismissible, yet system-completed)",
      jobType: "onboarding.invite-teammate",
      code: "not_allowed",
      message: /automatically/,
    },
  ])("refuses $label and changes nothing", async ({ jobType, code, message }) => {
    const user = await createUser(t.prisma);
    const job = await jobFor(user, jobType);
    const before = await snapshot(job.id);

    const result = await completeMyJob.run(actorOf(user), { jobId: job.id }, { db: t.prisma });

    expect(result).toMatchObject({ ok: false, error: { code, message: expect.stringMatching(message) } });
    expect(await snapshot(job.id)).toEqual(before);
  });

  test("an expired job cannot be completed, even before the sweep marks it", async () => {
    const user = await createUser(t.prisma);
    const job = await jobFor(user, "onboarding.read-guide");
    await expireInThePast(t.prisma, job.id);

    const result = await completeMyJob.run(actorOf(user), { jobId: job.id }, { db: t.prisma });

    expect(result).toMatchObject({ ok: false, error: { code: "job_expired" } });
  });
});

describe("dismissMyJob", () => {
  test("dismisses the person's own dismissible job with their reason", async () => {
    const user = await createUser(t.prisma);
    const job = await jobFor(user, "onboarding.invite-teammate");

    const result = await dismissMyJob.run(actorOf(user), { jobId: job.id, reason: "  I work alone.  " }, { db: t.prisma });

    expect(result).toEqual({ ok: true, data: { jobId: job.id, status: "cancelled", changed: true } });
    const row = await t.prisma.job.findUniqueOrThrow({ where: { id: job.id } });
    expect(row).toMatchObject({ status: "cancelled", completedById: user.id, completionSource: "user", resolutionNote: "I work alone." });
  });

  test("a blank reason is no reason", async () => {
    const user = await createUser(t.prisma);
    const job = await jobFor(user, "onboarding.read-guide");
    const result = await dismissMyJob.run(actorOf(user), { jobId: job.id, reason: "   " }, { db: t.prisma });
    expect(result.ok).toBe(true);
    expect((await t.prisma.job.findUniqueOrThrow({ where: { id: job.id } })).resolutionNote).toBeNull();
  });

  test.each<{ label: string; jobType: JobTypeKey }>([
    { label: "verify-email", jobType: "onboarding.verify-email" },
    { label: "complete-profile", jobType: "onboarding.complete-profile" },
  ])("refuses to dismiss a required job ($label) and changes nothing", async ({ jobType }) => {
    const user = await createUser(t.prisma);
    const job = await jobFor(user, jobType);
    const before = await snapshot(job.id);

    const result = await dismissMyJob.run(actorOf(user), { jobId: job.id }, { db: t.prisma });

    expect(result).toMatchObject({ ok: false, error: { code: "not_allowed", message: expect.stringContaining("cannot be dismissed") } });
    expect(await snapshot(job.id)).toEqual(before);
  });
});

describe.each(Object.entries(commands))("%s: ownership and input", (_name, cmd) => {
  test("another user's job is refused as if it did not exist, and nothing changes", async () => {
    const owner = await createUser(t.prisma);
    const intruder = await createUser(t.prisma);
    const job = await jobFor(owner, "onboarding.read-guide");
    const before = await snapshot(job.id);

    const result = await cmd.run(actorOf(intruder), { jobId: job.id }, { db: t.prisma });

    expect(result).toMatchObject({ ok: false, error: { code: "not_found" } });
    expect(await snapshot(job.id)).toEqual(before);
  });

  test("a staff job, even one assigned to the caller, is not on their own list", async () => {
    const staff = await createUser(t.prisma, { role: "staff" });
    const { job } = await jobRequested(t.prisma, {
      target: { type: "document", id: `doc-${staff.id}` },
      jobType: "staff.review-document",
      assignedTo: staff.id,
    });
    const before = await snapshot(job.id);

    const result = await cmd.run(actorOf(staff), { jobId: job.id }, { db: t.prisma });

    expect(result).toMatchObject({ ok: false, error: { code: "not_found" } });
    expect(await snapshot(job.id)).toEqual(before);
  });

  test("a signed-out caller gets unauthenticated and nothing changes", async () => {
    const owner = await createUser(t.prisma);
    const job = await jobFor(owner, "onboarding.read-guide");
    const before = await snapshot(job.id);

    const result = await cmd.run(null, { jobId: job.id }, { db: t.prisma });

    expect(result).toMatchObject({ ok: false, error: { code: "unauthenticated" } });
    expect(await snapshot(job.id)).toEqual(before);
  });

  test.each<{ label: string; input: unknown }>([
    { label: "no job id", input: {} },
    { label: "a job id that is not a uuid", input: { jobId: "42; DROP TABLE jobs" } },
    { label: "a job id of the wrong type", input: { jobId: 42 } },
  ])("bad input ($label) answers invalid_input with a jobId field error", async ({ input }) => {
    const user = await createUser(t.prisma);
    const result = await cmd.run(actorOf(user), input, { db: t.prisma });
    expect(result).toMatchObject({ ok: false, error: { code: "invalid_input", fieldErrors: { jobId: [expect.any(String)] } } });
  });

  test("a job id nobody has answers not_found", async () => {
    const user = await createUser(t.prisma);
    const result = await cmd.run(actorOf(user), { jobId: "0190a0b0-0000-7000-8000-0000000000ff" }, { db: t.prisma });
    expect(result).toMatchObject({ ok: false, error: { code: "not_found" } });
  });
});
