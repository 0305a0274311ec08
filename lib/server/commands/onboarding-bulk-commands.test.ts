import { afterAll, beforeAll, describe, expect, test, vi } from "vitest";
import { requestOnboardingJobs } from "@/lib/accounts/onboarding";
import type { Role } from "@/lib/auth/roles";
import type { UserRow } from "@/lib/db/client";
import { jobCompleted, jobRequested, jobTypeKey } from "@/lib/jobs";
import { actorOf, countRows, createUser, expireInThePast, uniqueId } from "@/test/fixtures";
import { createTestDatabase, type TestDatabase } from "@/test/database";
import type { ActionResult } from "@/lib/validation/action-result";
import type { Actor } from "../session";
import { cancelOnboardingJobs } from "./cancel-onboarding-jobs";
import { extendOnboardingJobs } from "./extend-onboarding-jobs";
import { JOBS_TABLE } from "@/lib/jobs/jobs-schema";

// The insights page's bulk actions on stalled people's onboarding jobs: who
// may run them, exactly what they change, and that they touch onboarding
// jobs only.

let t: TestDatabase;
let product: UserRow;
beforeAll(async () => {
  t = await createTestDatabase({ poolMax: 4 });
  product = await createUser(t.prisma, { role: "product" });
});
afterAll(async () => {
  await t?.close();
});

const DAY_MS = 86_400_000;

/** A new person with their five onboarding jobs; returns the job of `jobType`. */
async function onboardingJob(jobType = "onboarding.upload-document") {
  const person = await createUser(t.prisma);
  await requestOnboardingJobs(t.prisma, person.id);
  return t.prisma.job.findFirstOrThrow({ where: { targetId: person.id, jobType } });
}

async function jobState(id: string) {
  const job = await t.prisma.job.findUniqueOrThrow({ where: { id }, include: { events: { orderBy: { createdAt: "asc" } } } });
  return { status: job.status, expiresAt: job.expiresAt, events: job.events.map((e) => e.kind) };
}

const commands = [
  {
    name: "extendOnboardingJobs",
    run: (actor: Actor | null, jobIds: string[]) => extendOnboardingJobs.run(actor, { jobIds, days: 7 }, { db: t.prisma }),
  },
  {
    name: "cancelOnboardingJobs",
    run: (actor: Actor | null, jobIds: string[]) => cancelOnboardingJobs.run(actor, { jobIds, reason: "Test account." }, { db: t.prisma }),
  },
];

describe("who may run the bulk commands", () => {
  test.each(commands.flatMap((cmd) => (["user", "staff"] as const).map((role) => ({ label: `${role} calling ${cmd.name}`, cmd, role }))))(
    "$label is forbidden and nothing changes",
    async ({ cmd, role }) => {
      const caller = await createUser(t.prisma, { role });
      const job = await onboardingJob();
      const before = { rows: await countRows(t.prisma), job: await jobState(job.id) };

      const result = await cmd.run(actorOf(caller), [job.id]);

      expect(result).toMatchObject({ ok: false, error: { code: "forbidden" } });
      expect({ rows: await countRows(t.prisma), job: await jobState(job.id) }).toEqual(before);
    },
  );

  test.each(commands)("$name signed out answers unauthenticated and nothing changes", async (cmd) => {
    const job = await onboardingJob();
    const before = await jobState(job.id);

    const result = await cmd.run(null, [job.id]);

    expect(result).toMatchObject({ ok: false, error: { code: "unauthenticated" } });
    expect(await jobState(job.id)).toEqual(before);
  });

  test.each(
    commands.flatMap((cmd) =>
      (["product", "admin"] as const satisfies Role[]).map((role) => ({ label: `${role} calling ${cmd.name}`, cmd, role })),
    ),
  )("$label is allowed", async ({ cmd, role }) => {
    const caller = await createUser(t.prisma, { role });
    const job = await onboardingJob();

    const result = await cmd.run(actorOf(caller), [job.id]);

    expect(result.ok).toBe(true);
    expect((await jobState(job.id)).events).toEqual(["requested", cmd.name === "extendOnboardingJobs" ? "extended" : "cancelled"]);
  });
});

describe("extendOnboardingJobs", () => {
  test("moves each selected job's expiry exactly N days later, with an event naming the person; others are untouched", async () => {
    const [a, b, other] = [await onboardingJob(), await onboardingJob("onboarding.verify-email"), await onboardingJob()];

    const result = await extendOnboardingJobs.run(actorOf(product), { jobIds: [a.id, b.id], days: 10 }, { db: t.prisma });

    expect(result).toEqual({ ok: true, data: { extended: 2, skipped: 0, days: 10 } });
    for (const job of [a, b]) {
      const row = await t.prisma.job.findUniqueOrThrow({ where: { id: job.id }, include: { events: { where: { kind: "extended" } } } });
      expect(row.status).toBe("pending");
      expect(row.expiresAt!.getTime() - job.expiresAt!.getTime()).toBe(10 * DAY_MS);
      expect(row.events).toHaveLength(1);
      expect(row.events[0]).toMatchObject({ actorId: product.id, source: "staff", data: { days: 10 } });
    }
    expect(await jobState(other.id)).toEqual({ status: "pending", expiresAt: other.expiresAt, events: ["requested"] });
  });

  test("a job that stopped being pending is skipped and counted; the others are extended", async () => {
    const [done, expired, waiting] = [await onboardingJob(), await onboardingJob(), await onboardingJob()];
    await jobCompleted(t.prisma, { target: { type: "user", id: done.targetId }, jobType: jobTypeKey(done.jobType), source: "auto" });
    await expireInThePast(t.prisma, expired.id);

    const result = await extendOnboardingJobs.run(
      actorOf(product),
      { jobIds: [done.id, expired.id, waiting.id], days: 3 },
      { db: t.prisma },
    );

    expect(result).toEqual({ ok: true, data: { extended: 1, skipped: 2, days: 3 } });
    expect((await jobState(done.id)).status).toBe("completed");
    expect((await jobState(expired.id)).events).toEqual(["requested"]);
    expect((await jobState(waiting.id)).events).toEqual(["requested", "extended"]);
  });
});

describe("cancelOnboardingJobs", () => {
  test("cancels each selected job with the reason, recording the person and the staff source", async () => {
    const [a, b] = [await onboardingJob(), await onboardingJob("onboarding.read-guide")];

    const result = await cancelOnboardingJobs.run(
      actorOf(product),
      { jobIds: [a.id, b.id], reason: "  Spam sign-ups.  " },
      { db: t.prisma },
    );

    expect(result).toEqual({ ok: true, data: { cancelled: 2, skipped: 0, failed: 0 } });
    for (const job of [a, b]) {
      const row = await t.prisma.job.findUniqueOrThrow({ where: { id: job.id }, include: { events: { where: { kind: "cancelled" } } } });
      expect(row).toMatchObject({
        status: "cancelled",
        completedById: product.id,
        completionSource: "staff",
        resolutionNote: "Spam sign-ups.",
      });
      expect(row.events).toMatchObject([{ actorId: product.id, source: "staff", data: { note: "Spam sign-ups." } }]);
    }
  });

  test("a job that ended meanwhile is skipped and does not stop the others", async () => {
    const [first, done, last] = [await onboardingJob(), await onboardingJob(), await onboardingJob()];
    await jobCompleted(t.prisma, { target: { type: "user", id: done.targetId }, jobType: jobTypeKey(done.jobType), source: "auto" });

    const result = await cancelOnboardingJobs.run(
      actorOf(product),
      { jobIds: [first.id, done.id, last.id], reason: "Duplicate accounts." },
      { db: t.prisma },
    );

    expect(result).toEqual({ ok: true, data: { cancelled: 2, skipped: 1, failed: 0 } });
    expect([(await jobState(first.id)).status, (await jobState(done.id)).status, (await jobState(last.id)).status]).toEqual([
      "cancelled",
      "completed",
      "cancelled",
    ]);
  });

  test("an unexpected failure on one job is counted and logged; the jobs after it are still cancelled", async () => {
    const [first, second, third] = [await onboardingJob(), await onboardingJob(), await onboardingJob()];

    // A real failure inside PostgreSQL for the second job only: a trigger that
    // refuses to update it, as a broken constraint or a lost lock would.
    await t.prisma.$executeRawUnsafe(`
      CREATE FUNCTION refuse_one_job() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'simulated failure for job %', OLD.id; END $$`);
    await t.prisma.$executeRawUnsafe(
      `CREATE TRIGGER refuse_one_job BEFORE UPDATE ON ${JOBS_TABLE} FOR EACH ROW WHEN (OLD.id = '${second.id}'::uuid) EXECUTE FUNCTION refuse_one_job()`,
    );
    const errors = vi.spyOn(console, "error").mockImplementation(() => undefined);
    let result: Awaited<ReturnType<typeof cancelOnboardingJobs.run>>;
    let logged: string[];
    try {
      result = await cancelOnboardingJobs.run(
        actorOf(product),
        { jobIds: [first.id, second.id, third.id], reason: "Cleanup." },
        { db: t.prisma },
      );
      logged = errors.mock.calls.map(([line]) => String(line));
    } finally {
      errors.mockRestore();
      await t.prisma.$executeRawUnsafe(`DROP TRIGGER refuse_one_job ON ${JOBS_TABLE}; DROP FUNCTION refuse_one_job()`);
    }

    expect(result).toEqual({ ok: true, data: { cancelled: 2, skipped: 0, failed: 1 } });
    expect([(await jobState(first.id)).status, (await jobState(second.id)).status, (await jobState(third.id)).status]).toEqual([
      "cancelled",
      "pending",
      "cancelled",
    ]);
    expect(logged.some((line) => line.includes("bulk cancel: one job failed") && line.includes(second.id))).toBe(true);
  });
});

describe.each([
  {
    name: "extendOnboardingJobs",
    run: (jobIds: string[]) => extendOnboardingJobs.run(actorOf(product), { jobIds, days: 7 }, { db: t.prisma }),
  },
  {
    name: "cancelOnboardingJobs",
    run: (jobIds: string[]) => cancelOnboardingJobs.run(actorOf(product), { jobIds, reason: "Cleanup." }, { db: t.prisma }),
  },
])("$name acts on onboarding jobs only", ({ run }) => {
  test.each([
    {
      label: "a staff queue job",
      make: async () =>
        (await jobRequested(t.prisma, { target: { type: "document", id: uniqueId("doc") }, jobType: "staff.review-document" })).job.id,
    },
    {
      label: "a user job that is not an onboarding step",
      make: async () =>
        (
          await jobRequested(t.prisma, {
            target: { type: "user", id: (await createUser(t.prisma)).id },
            jobType: "documents.upload-replacement",
          })
        ).job.id,
    },
  ])("refuses $label among onboarding jobs, and changes none of them", async ({ make }) => {
    const [onboarding, foreign] = [await onboardingJob(), await make()];
    const before = { rows: await countRows(t.prisma), onboarding: await jobState(onboarding.id), foreign: await jobState(foreign) };

    const result = await run([onboarding.id, foreign]);

    expect(result).toMatchObject({
      ok: false,
      error: {
        code: "not_allowed",
        message: expect.stringContaining("Only onboarding jobs"),
        fieldErrors: { jobIds: [expect.any(String)] },
      },
    });
    expect({ rows: await countRows(t.prisma), onboarding: await jobState(onboarding.id), foreign: await jobState(foreign) }).toEqual(
      before,
    );
  });

  test("refuses a job id nobody has, changing nothing", async () => {
    const onboarding = await onboardingJob();
    const before = await jobState(onboarding.id);

    const result = await run([onboarding.id, "0190a0b0-0000-7000-8000-0000000000ff"]);

    expect(result).toMatchObject({ ok: false, error: { code: "not_found" } });
    expect(await jobState(onboarding.id)).toEqual(before);
  });
});

describe("bad input answers invalid_input with a message for the field", () => {
  const id = "0190a0b0-0000-7000-8000-0000000000aa";
  test.each<{ label: string; run: () => Promise<ActionResult<unknown>>; field: string; message: RegExp }>([
    {
      label: "no job selected (extend)",
      run: () => extendOnboardingJobs.run(actorOf(product), { jobIds: [], days: 7 }, { db: t.prisma }),
      field: "jobIds",
      message: /at least one/,
    },
    {
      label: "no job selected (cancel)",
      run: () => cancelOnboardingJobs.run(actorOf(product), { jobIds: [], reason: "x" }, { db: t.prisma }),
      field: "jobIds",
      message: /at least one/,
    },
    {
      label: "a job id that is not a uuid",
      run: () => extendOnboardingJobs.run(actorOf(product), { jobIds: ["1 OR 1=1"], days: 7 }, { db: t.prisma }),
      field: "jobIds.0",
      message: /valid job id/,
    },
    {
      label: "too many jobs",
      run: () => extendOnboardingJobs.run(actorOf(product), { jobIds: Array.from({ length: 201 }, () => id), days: 7 }, { db: t.prisma }),
      field: "jobIds",
      message: /at most 200/,
    },
    {
      label: "zero days",
      run: () => extendOnboardingJobs.run(actorOf(product), { jobIds: [id], days: 0 }, { db: t.prisma }),
      field: "days",
      message: /at least 1 day/,
    },
    {
      label: "half a day",
      run: () => extendOnboardingJobs.run(actorOf(product), { jobIds: [id], days: 1.5 }, { db: t.prisma }),
      field: "days",
      message: /whole number/,
    },
    {
      label: "more than 90 days",
      run: () => extendOnboardingJobs.run(actorOf(product), { jobIds: [id], days: 91 }, { db: t.prisma }),
      field: "days",
      message: /at most 90/,
    },
    {
      label: "days as text",
      run: () => extendOnboardingJobs.run(actorOf(product), { jobIds: [id], days: "7" }, { db: t.prisma }),
      field: "days",
      message: /number of days/,
    },
    {
      label: "a blank reason",
      run: () => cancelOnboardingJobs.run(actorOf(product), { jobIds: [id], reason: "   " }, { db: t.prisma }),
      field: "reason",
      message: /Say why/,
    },
    {
      label: "no reason",
      run: () => cancelOnboardingJobs.run(actorOf(product), { jobIds: [id] }, { db: t.prisma }),
      field: "reason",
      message: /Say why/,
    },
  ])("$label", async ({ run, field, message }) => {
    const before = await countRows(t.prisma);
    const result = await run();
    expect(result).toMatchObject({
      ok: false,
      error: { code: "invalid_input", fieldErrors: { [field]: [expect.stringMatching(message)] } },
    });
    expect(await countRows(t.prisma)).toEqual(before);
  });
});
