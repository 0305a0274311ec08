import pg from "pg";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createRecordingPrisma, explain, outline } from "@/bench/plans";
import { requestOnboardingJobs } from "@/lib/accounts/onboarding";
import type { UserRow } from "@/lib/db/client";
import { jobCompleted, jobReopened, jobRequested, jobsTable } from "@/lib/jobs";
import { createTestDatabase, type TestDatabase } from "@/test/database";
import { actorOf, countRows, createUser, uniqueId } from "@/test/fixtures";
import { onboardingFunnel } from "../queries/onboarding-funnel";
import { listQueue, queueFiltersSchema, queueOverview } from "../queries/staff-queue";
import { getTodoList } from "../queries/todo-list";
import { getJobDetail } from "../queries/job-detail";
import { runReminderScan } from "@/lib/notifications/run-reminder-scan";
import { jobTypes } from "@/lib/jobs";
import { completeStaffJob } from "./complete-staff-job";
import { reopenStaffJob } from "./reopen-staff-job";
import { snoozeMyJob } from "./snooze-my-job";
import { snoozeStaffJob } from "./snooze-staff-job";

// Snooze and reopen through the commands a server action runs, on a real
// PostgreSQL: who may do what, what the lists show, and that the funnel still
// counts a snoozed step as in progress.

let t: TestDatabase;
let staff: UserRow;
let otherStaff: UserRow;
beforeAll(async () => {
  t = await createTestDatabase({ poolMax: 4 });
  staff = await createUser(t.prisma, { role: "staff" });
  otherStaff = await createUser(t.prisma, { role: "staff" });
});
afterAll(async () => {
  await t?.close();
});

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000);

async function wakeInThePast(jobId: string): Promise<void> {
  await t.prisma.$executeRaw`UPDATE ${jobsTable} SET snoozed_until = now() - interval '1 second' WHERE id = ${jobId}::uuid`;
}

async function events(jobId: string) {
  return t.prisma.jobEvent.findMany({
    where: { jobId },
    orderBy: { id: "asc" },
    select: { kind: true, actorId: true, source: true, data: true },
  });
}

async function onboardedUser() {
  const user = await createUser(t.prisma);
  await requestOnboardingJobs(t.prisma, user.id);
  return user;
}

async function pendingJob(user: UserRow, jobType: string) {
  return t.prisma.job.findFirstOrThrow({ where: { assignedToId: user.id, jobType, status: "pending" } });
}

describe("a person snoozes a job on their todo list", () => {
  test("it leaves the list for the snoozed section, keeps its history, and comes back by itself", async () => {
    const user = await onboardedUser();
    const job = await pendingJob(user, "onboarding.read-guide");
    const until = inDays(7);

    const result = await snoozeMyJob.run(actorOf(user), { jobId: job.id, until }, { db: t.prisma });
    expect(result).toEqual({ ok: true, data: { jobId: job.id, snoozedUntil: until, changed: true } });

    let list = await getTodoList(t.prisma, user.id);
    expect(list.pending.map((p) => p.id)).not.toContain(job.id);
    expect(list.snoozed).toEqual([{ id: job.id, title: "Read the getting started guide", snoozedUntil: until, expiresAt: job.expiresAt }]);
    // Still a pending step: the progress does not count it as done or dropped.
    expect(list.progress?.steps.find((s) => s.jobType === "onboarding.read-guide")?.state).toBe("pending");
    expect(await events(job.id)).toEqual([
      expect.objectContaining({ kind: "requested" }),
      { kind: "snoozed", actorId: user.id, source: "user", data: { until: until.toISOString(), from: null } },
    ]);
    expect((await t.prisma.job.findUniqueOrThrow({ where: { id: job.id } })).firstActionAt).toBeInstanceOf(Date);

    await wakeInThePast(job.id);
    list = await getTodoList(t.prisma, user.id);
    expect(list.pending.map((p) => p.id)).toContain(job.id);
    expect(list.snoozed).toEqual([]);
  });

  test("no reminder while it sleeps; once it wakes, the reminder it missed comes", async () => {
    const user = await onboardedUser();
    const job = await pendingJob(user, "onboarding.read-guide");
    await snoozeMyJob.run(actorOf(user), { jobId: job.id, until: inDays(7) }, { db: t.prisma });
    // A day and a bit later: the 24-hour reminder would be due.
    const scan = (now: Date) => runReminderScan(t.prisma, undefined, { now, types: [jobTypes.require("onboarding.read-guide")] });
    await scan(new Date(Date.now() + 25 * 3_600_000));
    expect(await t.prisma.notification.count({ where: { jobId: job.id } })).toBe(0);
    // Eight days later it has woken: reminded then.
    await scan(inDays(8));
    expect(await t.prisma.notification.count({ where: { jobId: job.id } })).toBeGreaterThan(0);
  });

  test("waking it early (until: null) brings it back at once", async () => {
    const user = await onboardedUser();
    const job = await pendingJob(user, "onboarding.complete-profile");
    await snoozeMyJob.run(actorOf(user), { jobId: job.id, until: inDays(2) }, { db: t.prisma });
    await expect(snoozeMyJob.run(actorOf(user), { jobId: job.id, until: null }, { db: t.prisma })).resolves.toMatchObject({
      ok: true,
      data: { snoozedUntil: null, changed: true },
    });
    expect((await getTodoList(t.prisma, user.id)).pending.map((p) => p.id)).toContain(job.id);
  });

  test("a snoozed onboarding step is still pending in the funnel, not dropped", async () => {
    const user = await onboardedUser();
    const job = await pendingJob(user, "onboarding.invite-teammate");
    // A cohort of this one person (not whole days, so the funnel is read live).
    const cohort = { from: new Date(user.createdAt.getTime() - 1), to: new Date(user.createdAt.getTime() + 1) };
    const before = await onboardingFunnel(t.prisma, cohort);
    await snoozeMyJob.run(actorOf(user), { jobId: job.id, until: inDays(3) }, { db: t.prisma });
    const after = await onboardingFunnel(t.prisma, cohort);
    expect(after).toEqual(before);
    const step = after.steps.find((s) => s.jobType === "onboarding.invite-teammate")!;
    expect(step).toMatchObject({ total: 1, expired: 0, dismissed: 0, completed: 0 });
    expect(Object.values(step.pending).reduce((a, b) => a + b, 0)).toBe(1);
  });

  test.each([
    { label: "someone else's job", whose: "other" as const },
    { label: "a staff job", whose: "staff" as const },
  ])("$label answers as not found, and nothing is written", async ({ whose }) => {
    const user = await onboardedUser();
    const jobId =
      whose === "other"
        ? (await pendingJob(await onboardedUser(), "onboarding.read-guide")).id
        : (await jobRequested(t.prisma, { jobType: "staff.rejected-upload", target: { type: "user", id: user.id }, assignedTo: user.id }))
            .job.id;
    const before = await countRows(t.prisma);
    await expect(snoozeMyJob.run(actorOf(user), { jobId, until: inDays(1) }, { db: t.prisma })).resolves.toMatchObject({
      ok: false,
      error: { code: "not_found" },
    });
    expect(await countRows(t.prisma)).toEqual(before);
  });

  test.each([
    { label: "a date in the past", until: new Date(Date.now() - 60_000), message: "Choose a moment in the future." },
    { label: "more than a year away", until: inDays(400), message: "Snooze for at most 366 days." },
    { label: "no date", until: "", message: "Choose a date to snooze until." },
    { label: "after the job expires (30 days)", until: inDays(45), message: /expires before then/ },
  ])("$label is refused with a message a person can act on", async ({ until, message }) => {
    const user = await onboardedUser();
    const job = await pendingJob(user, "onboarding.read-guide");
    const result = await snoozeMyJob.run(actorOf(user), { jobId: job.id, until }, { db: t.prisma });
    expect(result).toMatchObject({ ok: false, error: { code: "invalid_input", message: expect.stringMatching(message) } });
    expect((await t.prisma.job.findUniqueOrThrow({ where: { id: job.id } })).snoozedUntil).toBeNull();
  });
});

describe("staff snooze a staff job", () => {
  const jobType = "staff.fix-email-delivery";
  const filters = (raw: Record<string, string>) => queueFiltersSchema.parse(raw);

  test("it leaves the pending queue and its counts, shows under the snoozed filter, and comes back by itself", async () => {
    const { job } = await jobRequested(t.prisma, { jobType, target: { type: "notification", id: uniqueId("n") } });
    const overviewBefore = (await queueOverview(t.prisma)).find((q) => q.jobType === jobType)!;
    const until = inDays(1);
    await expect(snoozeStaffJob.run(actorOf(staff), { jobId: job.id, until }, { db: t.prisma })).resolves.toMatchObject({ ok: true });

    const pendingIds = async () => (await listQueue(t.prisma, jobType, filters({}), staff.id, 500)).rows.map((r) => r.id);
    expect(await pendingIds()).not.toContain(job.id);
    const snoozed = await listQueue(t.prisma, jobType, filters({ status: "snoozed" }), staff.id, 500);
    expect(snoozed.rows.find((r) => r.id === job.id)).toMatchObject({ status: "pending", snoozedUntil: until });
    const overview = (await queueOverview(t.prisma)).find((q) => q.jobType === jobType)!;
    expect(overview).toMatchObject({ pending: overviewBefore.pending - 1, snoozed: overviewBefore.snoozed + 1 });
    expect((await getJobDetail(t.prisma, job.id))?.snoozedUntil).toEqual(until);

    await wakeInThePast(job.id);
    expect(await pendingIds()).toContain(job.id);
    expect((await queueOverview(t.prisma)).find((q) => q.jobType === jobType)).toMatchObject({
      pending: overviewBefore.pending,
      snoozed: overviewBefore.snoozed,
    });
  });

  test("a person (not staff) may not, nor may staff snooze a job about themselves", async () => {
    const { job } = await jobRequested(t.prisma, { jobType, target: { type: "notification", id: uniqueId("n") } });
    const user = await createUser(t.prisma);
    await expect(snoozeStaffJob.run(actorOf(user), { jobId: job.id, until: inDays(1) }, { db: t.prisma })).resolves.toMatchObject({
      ok: false,
      error: { code: "forbidden" },
    });
    const { job: own } = await jobRequested(t.prisma, { jobType: "staff.rejected-upload", target: { type: "user", id: staff.id } });
    await expect(snoozeStaffJob.run(actorOf(staff), { jobId: own.id, until: inDays(1) }, { db: t.prisma })).resolves.toMatchObject({
      ok: false,
      error: { code: "not_allowed" },
    });
    expect((await t.prisma.job.findUniqueOrThrow({ where: { id: own.id } })).snoozedUntil).toBeNull();
  });

  test("a user job cannot be snoozed from the staff side", async () => {
    const user = await onboardedUser();
    const job = await pendingJob(user, "onboarding.read-guide");
    await expect(snoozeStaffJob.run(actorOf(staff), { jobId: job.id, until: inDays(1) }, { db: t.prisma })).resolves.toMatchObject({
      ok: false,
      error: { code: "not_allowed" },
    });
  });
});

describe("staff reopen a job finished by mistake", () => {
  const jobType = "staff.rejected-upload";
  async function resolved() {
    const person = await createUser(t.prisma);
    const target = { type: "user", id: person.id };
    const { job } = await jobRequested(t.prisma, { jobType, target });
    await completeStaffJob.run(actorOf(staff), { jobId: job.id, note: "They sent a new file." }, { db: t.prisma });
    return { job, target };
  }

  test("back to pending with its completion cleared, a reopened event with the reason and the previous status", async () => {
    const { job } = await resolved();
    expect((await getJobDetail(t.prisma, job.id))?.reopenableUntil).toBeInstanceOf(Date);
    const result = await reopenStaffJob.run(
      actorOf(otherStaff),
      { jobId: job.id, reason: "The new file was the wrong one." },
      { db: t.prisma },
    );
    expect(result).toEqual({ ok: true, data: { jobId: job.id, status: "pending", changed: true } });
    const row = await t.prisma.job.findUniqueOrThrow({ where: { id: job.id } });
    expect(row).toMatchObject({ status: "pending", completedAt: null, completedById: null, completionSource: null, resolutionNote: null });
    expect((await events(job.id)).at(-1)).toEqual({
      kind: "reopened",
      actorId: otherStaff.id,
      source: "staff",
      data: { reason: "The new file was the wrong one.", from: "completed" },
    });
    const detail = await getJobDetail(t.prisma, job.id);
    expect(detail).toMatchObject({ status: "pending", reopenableUntil: null });
    expect(detail?.events.at(-1)).toMatchObject({ kind: "reopened", actor: { id: otherStaff.id } });
  });

  test("refused while another job of that type is pending for the same target, with a clear message and nothing written", async () => {
    const { job, target } = await resolved();
    const { job: current } = await jobRequested(t.prisma, { jobType, target });
    const before = await countRows(t.prisma);
    const result = await reopenStaffJob.run(actorOf(otherStaff), { jobId: job.id, reason: "mistake" }, { db: t.prisma });
    expect(result).toEqual({
      ok: false,
      error: {
        code: "duplicate_pending_job",
        message: 'There is already a pending "Look into a refused upload" job for this user: work on that one instead of reopening this.',
      },
    });
    expect(await countRows(t.prisma)).toEqual(before);
    expect((await t.prisma.job.findUniqueOrThrow({ where: { id: current.id } })).status).toBe("pending");
  });

  test("two staff reopening two finished jobs of one target at once: one pending job, one clear refusal", async () => {
    const { job: first, target } = await resolved();
    const { job: second } = await jobRequested(t.prisma, { jobType, target });
    await completeStaffJob.run(actorOf(staff), { jobId: second.id }, { db: t.prisma });
    const results = await Promise.all(
      [first, second].map((job) => reopenStaffJob.run(actorOf(otherStaff), { jobId: job.id, reason: "mistake" }, { db: t.prisma })),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.find((r) => !r.ok)).toMatchObject({ ok: false, error: { code: "duplicate_pending_job" } });
    expect(await t.prisma.job.count({ where: { jobType, targetId: target.id, status: "pending" } })).toBe(1);
  });

  test("inside Prisma transactions, the reopen that loses the race at the unique index gets duplicate_pending_job, and its transaction goes on", async () => {
    const { job: first, target } = await resolved();
    const { job: second } = await jobRequested(t.prisma, { jobType, target });
    await jobCompleted(t.prisma, { jobType, target, source: "staff" });
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const options = { maxWait: 10_000, timeout: 30_000 };

    const winner = t.prisma.$transaction(async (tx) => {
      await jobReopened(tx, { jobId: first.id, reason: "first", source: "staff" });
      await held;
    }, options);
    // The loser starts once the winner's row is written but not committed: it waits at the index.
    for (let i = 0; i < 200 && (await t.prisma.job.count({ where: { id: first.id, status: "pending" } })) === 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    const loser = t.prisma.$transaction(async (tx) => {
      const outcome = await jobReopened(tx, { jobId: second.id, reason: "second", source: "staff" }).catch((error: unknown) => error);
      // Still usable after the engine's savepoint rolled back.
      const [row] = await tx.$queryRaw<{ ok: number }[]>`SELECT 1 AS ok`;
      return { outcome, ok: row?.ok };
    }, options);
    for (let i = 0; i < 300; i++) {
      const [row] = await t.prisma.$queryRaw<{ n: number }[]>`
        SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`;
      if (row!.n > 0) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    release();
    await winner;
    const { outcome, ok } = await loser;
    expect(outcome).toMatchObject({ code: "duplicate_pending_job" });
    expect(ok).toBe(1);
    expect(await t.prisma.job.count({ where: { jobType, targetId: target.id, status: "pending" } })).toBe(1);
  });

  test.each([
    { label: "a person (not staff)", case: "role" as const, code: "forbidden" },
    { label: "past the type's week", case: "window" as const, code: "not_allowed" },
    { label: "a type that never reopens (document reviews)", case: "type" as const, code: "not_allowed" },
    { label: "a job about oneself", case: "own" as const, code: "not_allowed" },
    { label: "no reason", case: "reason" as const, code: "invalid_input" },
  ])("$label is refused ($code)", async ({ case: which, code }) => {
    let jobId: string;
    let actor = actorOf(otherStaff);
    let reason = "mistake";
    if (which === "type") {
      const target = { type: "document", id: uniqueId("doc") };
      jobId = (await jobRequested(t.prisma, { jobType: "staff.review-document", target })).job.id;
      await jobCompleted(t.prisma, { jobType: "staff.review-document", target, source: "staff" });
    } else if (which === "own") {
      const target = { type: "user", id: otherStaff.id };
      jobId = (await jobRequested(t.prisma, { jobType, target })).job.id;
      await jobCompleted(t.prisma, { jobType, target, source: "staff" });
    } else {
      jobId = (await resolved()).job.id;
      if (which === "role") actor = actorOf(await createUser(t.prisma));
      if (which === "reason") reason = "   ";
      if (which === "window") {
        await t.prisma.$executeRaw`UPDATE ${jobsTable} SET completed_at = now() - interval '8 days' WHERE id = ${jobId}::uuid`;
      }
    }
    const result = await reopenStaffJob.run(actor, { jobId, reason }, { db: t.prisma });
    expect(result).toMatchObject({ ok: false, error: { code } });
    expect((await t.prisma.job.findUniqueOrThrow({ where: { id: jobId } })).status).toBe("completed");
  });
});

describe("the lists' plans with snoozed jobs", () => {
  test("the pending queue and a todo list still read their indexes (a few thousand rows)", async () => {
    const jobType = "staff.fix-webhook-endpoint";
    const person = await createUser(t.prisma);
    // Thousands of jobs, a tenth of them snoozed, and a person with a long history.
    await t.prisma.$executeRaw`
      INSERT INTO ${jobsTable} (id, job_type, status, target_type, target_id, assigned_to_id, created_at, updated_at, snoozed_until, completed_at)
      SELECT gen_random_uuid(), ${jobType}, CASE WHEN i % 3 = 0 THEN 'pending' ELSE 'completed' END::jtbd.job_status,
             'webhook-endpoint', 'plan-' || i, NULL, now() - i * interval '1 minute', now(),
             CASE WHEN i % 30 = 0 THEN now() + interval '1 day' END, CASE WHEN i % 3 = 0 THEN NULL ELSE now() END
      FROM generate_series(1, 6000) AS i`;
    await t.prisma.$executeRaw`
      INSERT INTO ${jobsTable} (id, job_type, status, target_type, target_id, assigned_to_id, created_at, updated_at, completed_at)
      SELECT gen_random_uuid(), 'onboarding.read-guide', 'completed', 'user', 'plan-user-' || i, ${person.id}, now() - i * interval '1 hour', now(), now()
      FROM generate_series(1, 3000) AS i`;
    await t.prisma.$executeRawUnsafe("ANALYZE jtbd.jobs");

    const recording = createRecordingPrisma(t.url);
    const pool = new pg.Pool({ connectionString: t.url, max: 1 });
    try {
      await listQueue(recording.prisma, jobType, queueFiltersSchema.parse({}), staff.id);
      const [queue] = recording.take().filter((s) => s.sql.includes("jobs"));
      const queuePlan = outline(await explain(pool, queue!)).join("\n");
      expect(queuePlan).toContain("using jobs_queue_idx");
      expect(queuePlan).not.toMatch(/Seq Scan on jobs|Sort/);

      await getTodoList(recording.prisma, person.id);
      const todo = recording.take().filter((s) => s.sql.includes("snoozed_until"));
      expect(todo).toHaveLength(2);
      for (const statement of todo) {
        const plan = outline(await explain(pool, statement)).join("\n");
        expect(plan).toContain("using jobs_assignee_status_created_idx");
        expect(plan).not.toContain("Seq Scan on jobs");
      }
    } finally {
      await recording.prisma.$disconnect();
      await pool.end();
    }
  });
});
