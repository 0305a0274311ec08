import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { requestOnboardingJobs } from "@/lib/accounts/onboarding";
import type { UserRow } from "@/lib/db/client";
import { jobCancelled, jobCompleted, jobRequested, jobTypes, type JobSource, type JobTypeKey } from "@/lib/jobs";
import { createTestDatabase, type TestDatabase } from "@/test/database";
import { createUser, expireInThePast, uniqueId } from "@/test/fixtures";
import { getTodoList, TODO_RECENT_LIMIT, type OnboardingStepState } from "./todo-list";
import { jobsTable } from "@/lib/jobs/job-sql";

// The todo list's read model against a real PostgreSQL, with exact answers:
// its order, its progress maths, and the two rules that keep it honest (a job
// past its expiry is never pending; nobody sees another person's jobs).

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase({ poolMax: 4 });
});
afterAll(async () => {
  await t?.close();
});

const STEP_KEYS = jobTypes.onboardingSteps().map((s) => s.key);
const self = (user: UserRow) => ({ type: "user", id: user.id });

async function onboarded(role: "user" | "staff" = "user") {
  const user = await createUser(t.prisma, { role });
  await requestOnboardingJobs(t.prisma, user.id);
  return user;
}

async function pendingId(user: UserRow, jobType: JobTypeKey) {
  return (await t.prisma.job.findFirstOrThrow({ where: { assignedToId: user.id, jobType, status: "pending" } })).id;
}

function finish(
  user: UserRow,
  jobType: JobTypeKey,
  how: "completed" | "cancelled",
  source: JobSource,
  by: string | null = null,
  note?: string,
) {
  const signal = how === "completed" ? jobCompleted : jobCancelled;
  return signal(t.prisma, { target: self(user), jobType, source, by, note });
}

/** Puts a finished job's completion time `minutes` in the past, so the order of "recent" is known exactly (tests only). */
async function finishedAgo(user: UserRow, jobType: JobTypeKey, minutes: number) {
  await t.prisma.$executeRaw`
    UPDATE ${jobsTable} SET completed_at = now() - ${minutes} * interval '1 minute'
    WHERE assigned_to_id = ${user.id} AND job_type = ${jobType} AND status IN ('completed', 'cancelled')`;
}

describe("pending jobs", () => {
  test("are ordered by onboarding step, then by due date (expiry when none), whatever order they were asked in", async () => {
    const user = await createUser(t.prisma);
    const other = await createUser(t.prisma);
    // Asked in scrambled order, so creation order would be wrong.
    for (const key of [
      "onboarding.read-guide",
      "onboarding.upload-document",
      "onboarding.verify-email",
      "onboarding.invite-teammate",
      "onboarding.complete-profile",
    ] as const) {
      await jobRequested(t.prisma, { target: self(user), jobType: key, assignedTo: user.id });
    }
    // Two jobs without a step: the one due later was asked first.
    const later = await jobRequested(t.prisma, {
      target: self(other),
      jobType: "documents.upload-replacement",
      assignedTo: user.id,
      dueAt: new Date(Date.now() + 5 * 86_400_000),
    });
    const sooner = await jobRequested(t.prisma, {
      target: self(user),
      jobType: "documents.upload-replacement",
      assignedTo: user.id,
      dueAt: new Date(Date.now() + 2 * 86_400_000),
      metadata: { reason: "The photo is blurry", documentId: uniqueId("doc") },
    });

    const { pending } = await getTodoList(t.prisma, user.id);

    expect(pending.map((p) => [p.jobType, p.onboardingStep])).toEqual([
      ["onboarding.verify-email", 1],
      ["onboarding.complete-profile", 2],
      ["onboarding.upload-document", 3],
      ["onboarding.invite-teammate", 4],
      ["onboarding.read-guide", 5],
      ["documents.upload-replacement", null],
      ["documents.upload-replacement", null],
    ]);
    expect(pending.slice(5).map((p) => p.id)).toEqual([sooner.job.id, later.job.id]);
  });

  test("carry what the page shows: title, why, the reason from metadata, link, dates and what the person may do", async () => {
    const user = await createUser(t.prisma);
    const guide = await jobRequested(t.prisma, { target: self(user), jobType: "onboarding.read-guide", assignedTo: user.id });
    const replacement = await jobRequested(t.prisma, {
      target: self(user),
      jobType: "documents.upload-replacement",
      assignedTo: user.id,
      metadata: { reason: "The photo is blurry", documentId: uniqueId("doc"), fileName: "passport.pdf" },
    });

    const { pending } = await getTodoList(t.prisma, user.id);

    expect(pending).toEqual([
      {
        id: guide.job.id,
        jobType: "onboarding.read-guide",
        title: "Read the getting started guide",
        description: "Five minutes on how jobs, queues and notifications fit together. Tick it off when you are done.",
        reason: null,
        href: "/guide",
        onboardingStep: 5,
        createdAt: guide.job.createdAt,
        dueAt: null,
        expiresAt: guide.job.expiresAt,
        canComplete: true,
        canDismiss: true,
        staffNotes: [],
      },
      {
        id: replacement.job.id,
        jobType: "documents.upload-replacement",
        title: "Upload a new document",
        description: "We could not accept your last document; the reason is below. Upload another to finish verification.",
        reason: "The photo is blurry",
        href: "/documents",
        onboardingStep: null,
        createdAt: replacement.job.createdAt,
        dueAt: null,
        expiresAt: replacement.job.expiresAt,
        canComplete: false,
        canDismiss: false,
        staffNotes: [],
      },
    ]);
  });

  test.each<{ label: string; arrange: (user: UserRow) => Promise<unknown> }>([
    {
      label: "a job past its expiry that the sweep has not marked yet",
      arrange: async (user) =>
        expireInThePast(
          t.prisma,
          (await jobRequested(t.prisma, { target: self(user), jobType: "onboarding.read-guide", assignedTo: user.id })).job.id,
        ),
    },
    { label: "someone else's job", arrange: async () => requestOnboardingJobs(t.prisma, (await createUser(t.prisma)).id) },
    {
      label: "a job about them but assigned to someone else",
      arrange: async (user) =>
        jobRequested(t.prisma, { target: self(user), jobType: "onboarding.read-guide", assignedTo: (await createUser(t.prisma)).id }),
    },
    {
      label: "a staff job assigned to them",
      arrange: async (user) =>
        jobRequested(t.prisma, {
          target: { type: "document", id: uniqueId("doc") },
          jobType: "staff.review-document",
          assignedTo: user.id,
        }),
    },
    {
      label: "a finished job",
      arrange: async (user) => {
        await jobRequested(t.prisma, { target: self(user), jobType: "onboarding.read-guide", assignedTo: user.id });
        await finish(user, "onboarding.read-guide", "completed", "user", user.id);
      },
    },
  ])("leave out $label", async ({ arrange }) => {
    const user = await createUser(t.prisma, { role: "staff" });
    await arrange(user);
    expect((await getTodoList(t.prisma, user.id)).pending).toEqual([]);
  });
});

describe("onboarding progress", () => {
  test.each<{ label: string; arrange: (user: UserRow) => Promise<unknown>; done: number; states: OnboardingStepState[] }>([
    { label: "nothing done yet", arrange: async () => undefined, done: 0, states: ["pending", "pending", "pending", "pending", "pending"] },
    {
      label: "completed by the system, by hand, and one dismissed: 3 of 5",
      arrange: async (user) => {
        await finish(user, "onboarding.complete-profile", "completed", "auto");
        await finish(user, "onboarding.read-guide", "completed", "user", user.id);
        await finish(user, "onboarding.invite-teammate", "cancelled", "user", user.id, "I work alone");
      },
      done: 3,
      states: ["pending", "done", "pending", "done", "done"],
    },
    {
      label: "an expired step is not done, even before the sweep marks it",
      arrange: async (user) => {
        await finish(user, "onboarding.verify-email", "completed", "auto");
        await expireInThePast(t.prisma, await pendingId(user, "onboarding.upload-document"));
      },
      done: 1,
      states: ["done", "pending", "expired", "pending", "pending"],
    },
    {
      label: "a step done once and asked again counts by its latest job",
      arrange: async (user) => {
        await finish(user, "onboarding.read-guide", "completed", "user", user.id);
        await jobRequested(t.prisma, { target: self(user), jobType: "onboarding.read-guide", assignedTo: user.id });
      },
      done: 0,
      states: ["pending", "pending", "pending", "pending", "pending"],
    },
    {
      label: "every step done: 5 of 5",
      arrange: async (user) => {
        for (const key of STEP_KEYS) await finish(user, key as JobTypeKey, "completed", "auto");
      },
      done: 5,
      states: ["done", "done", "done", "done", "done"],
    },
  ])("$label", async ({ arrange, done, states }) => {
    const user = await onboarded();
    await arrange(user);

    const { progress } = await getTodoList(t.prisma, user.id);

    expect(progress).toEqual({
      done,
      total: 5,
      steps: STEP_KEYS.map((jobType, i) => ({ step: i + 1, jobType, title: jobTypes.require(jobType).title, state: states[i] })),
    });
  });

  test("steps never asked of the person count as not done, out of all five", async () => {
    const user = await createUser(t.prisma);
    await jobRequested(t.prisma, { target: self(user), jobType: "onboarding.verify-email", assignedTo: user.id });
    await finish(user, "onboarding.verify-email", "completed", "auto");

    const { progress } = await getTodoList(t.prisma, user.id);

    expect(progress?.done).toBe(1);
    expect(progress?.total).toBe(5);
    expect(progress?.steps.map((s) => s.state)).toEqual(["done", "not-requested", "not-requested", "not-requested", "not-requested"]);
  });

  test("is absent for someone never asked any onboarding step, and other people's steps do not count", async () => {
    const user = await createUser(t.prisma, { role: "staff" });
    const other = await onboarded();
    await finish(other, "onboarding.verify-email", "completed", "auto");

    expect(await getTodoList(t.prisma, user.id)).toEqual({ pending: [], snoozed: [], progress: null, recent: [] });
  });
});

describe("recently finished", () => {
  test("newest first, saying how each was finished; a dismissal keeps its reason", async () => {
    const user = await onboarded();
    const staff = await createUser(t.prisma, { role: "staff" });
    await finish(user, "onboarding.verify-email", "completed", "auto");
    await finish(user, "onboarding.read-guide", "completed", "user", user.id);
    await finish(user, "onboarding.invite-teammate", "cancelled", "user", user.id, "I work alone");
    await finish(user, "onboarding.upload-document", "cancelled", "staff", staff.id, "Verified in person");
    await finish(user, "onboarding.complete-profile", "completed", "staff", staff.id);
    await finishedAgo(user, "onboarding.verify-email", 50);
    await finishedAgo(user, "onboarding.read-guide", 40);
    await finishedAgo(user, "onboarding.invite-teammate", 30);
    await finishedAgo(user, "onboarding.upload-document", 20);
    await finishedAgo(user, "onboarding.complete-profile", 10);

    const { recent } = await getTodoList(t.prisma, user.id);

    expect(recent.map(({ jobType, title, outcome, finishedBy, reason }) => ({ jobType, title, outcome, finishedBy, reason }))).toEqual([
      { jobType: "onboarding.complete-profile", title: "Complete your profile", outcome: "completed", finishedBy: "staff", reason: null },
      {
        jobType: "onboarding.upload-document",
        title: "Upload a verification document",
        outcome: "cancelled",
        finishedBy: "staff",
        reason: "Verified in person",
      },
      {
        jobType: "onboarding.invite-teammate",
        title: "Invite a teammate",
        outcome: "dismissed",
        finishedBy: "you",
        reason: "I work alone",
      },
      { jobType: "onboarding.read-guide", title: "Read the getting started guide", outcome: "completed", finishedBy: "you", reason: null },
      { jobType: "onboarding.verify-email", title: "Verify your email address", outcome: "completed", finishedBy: "auto", reason: null },
    ]);
    expect(recent.every((r) => r.finishedAt instanceof Date)).toBe(true);
  });

  test(`keeps the ${TODO_RECENT_LIMIT} latest within 30 days, and never another person's or an expired job`, async () => {
    const user = await createUser(t.prisma);
    const other = await onboarded();
    await finish(other, "onboarding.read-guide", "completed", "user", other.id);
    // Twelve finished replacement jobs, one a minute apart (one pending per target at a time, so twelve targets).
    const targets = Array.from({ length: 12 }, (_, i) => ({ type: "user", id: `${user.id}-${i}` }));
    for (const [i, target] of targets.entries()) {
      const { job } = await jobRequested(t.prisma, { target, jobType: "documents.upload-replacement", assignedTo: user.id });
      await jobCompleted(t.prisma, { target, jobType: "documents.upload-replacement", source: "auto" });
      await t.prisma.$executeRaw`UPDATE ${jobsTable} SET completed_at = now() - ${i + 1} * interval '1 minute' WHERE id = ${job.id}::uuid`;
    }
    // One finished 31 days ago is no longer recent; an expired one was never finished.
    const old = await jobRequested(t.prisma, { target: self(user), jobType: "onboarding.verify-email", assignedTo: user.id });
    await finish(user, "onboarding.verify-email", "completed", "auto");
    await t.prisma.$executeRaw`UPDATE ${jobsTable} SET completed_at = now() - interval '31 days' WHERE id = ${old.job.id}::uuid`;
    await expireInThePast(
      t.prisma,
      (await jobRequested(t.prisma, { target: self(user), jobType: "onboarding.read-guide", assignedTo: user.id })).job.id,
    );

    const { recent } = await getTodoList(t.prisma, user.id);

    expect(recent).toHaveLength(TODO_RECENT_LIMIT);
    const ids = await t.prisma.job.findMany({
      where: { targetId: { in: targets.slice(0, TODO_RECENT_LIMIT).map((x) => x.id) } },
      select: { id: true, targetId: true },
    });
    const byTarget = new Map(ids.map((j) => [j.targetId, j.id]));
    expect(recent.map((r) => r.id)).toEqual(targets.slice(0, TODO_RECENT_LIMIT).map((x) => byTarget.get(x.id)));
  });
});
