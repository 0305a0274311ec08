import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { requestOnboardingJobs } from "@/lib/accounts/onboarding";
import { expireDueJobs, jobCancelled, jobCompleted } from "@/lib/jobs";
import { createTestDatabase, type TestDatabase } from "@/test/database";
import { onboardingFunnel, stalledUsers } from "./onboarding-funnel";
import { jobsTable } from "@/lib/jobs/job-sql";

let t: TestDatabase;
const DAY = 86_400;
const HOUR = 3_600;

type StepState = "pending" | ["completed", number] | "dismissed" | "expired" | "expired-unswept";
/** Five people who signed up `ageDays` ago, each step in a known state (completion after N seconds). */
const people: { name: string; ageDays: number; steps: StepState[] }[] = [
  { name: "A", ageDays: 0.5, steps: ["pending", "pending", "pending", "pending", "pending"] },
  { name: "B", ageDays: 2, steps: [["completed", 2 * HOUR], "pending", "pending", "dismissed", "pending"] },
  { name: "C", ageDays: 5, steps: [["completed", 4 * HOUR], ["completed", 1 * DAY], "pending", "pending", ["completed", 2 * DAY]] },
  { name: "D", ageDays: 10, steps: [["completed", 6 * HOUR], ["completed", 2 * DAY], ["completed", 3 * DAY], "expired", "pending"] },
  { name: "E", ageDays: 10, steps: ["expired-unswept", "pending", "pending", "pending", "pending"] },
];
const STEPS = [
  "onboarding.verify-email",
  "onboarding.complete-profile",
  "onboarding.upload-document",
  "onboarding.invite-teammate",
  "onboarding.read-guide",
] as const;
const ids: Record<string, string> = {};

beforeAll(async () => {
  t = await createTestDatabase();
  const p = t.prisma;
  // A staff member is not part of any cohort.
  await p.user.create({ data: { email: "staff@example.test", role: "staff" } });
  for (const person of people) {
    const user = await p.user.create({ data: { email: `${person.name.toLowerCase()}@example.test`, name: person.name } });
    ids[person.name] = user.id;
    await requestOnboardingJobs(p, user.id);
    const target = { type: "user", id: user.id };
    for (const [i, state] of person.steps.entries()) {
      const jobType = STEPS[i]!;
      if (Array.isArray(state)) await jobCompleted(p, { target, jobType, source: "auto" });
      if (state === "dismissed") await jobCancelled(p, { target, jobType, source: "user" });
    }
    // Time travel (test data only): the person signed up ageDays ago; finished
    // steps finished after their stated duration; "expired" ones are past expiry.
    await p.$executeRaw`UPDATE users SET created_at = now() - ${person.ageDays} * interval '1 day' WHERE id = ${user.id}::uuid`;
    await p.$executeRaw`UPDATE ${jobsTable} SET created_at = now() - ${person.ageDays} * interval '1 day' WHERE target_id = ${user.id}`;
    for (const [i, state] of person.steps.entries()) {
      const jobType = STEPS[i]!;
      if (Array.isArray(state)) {
        await p.$executeRaw`UPDATE ${jobsTable} SET completed_at = created_at + ${state[1]} * interval '1 second' WHERE target_id = ${user.id} AND job_type = ${jobType}`;
      }
      if (state === "expired") {
        await p.$executeRaw`UPDATE ${jobsTable} SET expires_at = now() - interval '1 hour' WHERE target_id = ${user.id} AND job_type = ${jobType}`;
      }
    }
  }
  await expireDueJobs(p); // "expired": the sweep has run
  // "expired-unswept": past its expiry but still pending; it must count as expired all the same.
  for (const person of people) {
    for (const [i, state] of person.steps.entries()) {
      if (state !== "expired-unswept") continue;
      await p.$executeRaw`UPDATE ${jobsTable} SET expires_at = now() - interval '1 hour' WHERE target_id = ${ids[person.name]!} AND job_type = ${STEPS[i]!}`;
    }
  }
});
afterAll(async () => {
  await t?.close();
});

const zero = { lt1d: 0, d1to3: 0, d3to7: 0, gt7d: 0 };

describe("onboardingFunnel", () => {
  test("all time: exact counts per step, age buckets, conversion and median time", async () => {
    const funnel = await onboardingFunnel(t.prisma);
    expect(funnel.cohortSize).toBe(5);
    // Windows, rates and the 90th percentile have their own cases (onboarding-funnel-maths.test.ts).
    const shown = funnel.steps.map(
      ({ title: _t, optional: _o, windowDays: _w, inProgress: _i, stalled: _s, completionRate: _r, p90SecondsToComplete: _p, ...s }) => s,
    );
    expect(shown).toEqual([
      {
        jobType: STEPS[0],
        step: 1,
        total: 5,
        pending: { ...zero, lt1d: 1 },
        completed: 3,
        expired: 1,
        dismissed: 0,
        conversion: 3 / 5,
        medianSecondsToComplete: 4 * HOUR,
      },
      {
        jobType: STEPS[1],
        step: 2,
        total: 5,
        pending: { ...zero, lt1d: 1, d1to3: 1, gt7d: 1 },
        completed: 2,
        expired: 0,
        dismissed: 0,
        conversion: 2 / 3,
        medianSecondsToComplete: 1.5 * DAY,
      },
      {
        jobType: STEPS[2],
        step: 3,
        total: 5,
        pending: { lt1d: 1, d1to3: 1, d3to7: 1, gt7d: 1 },
        completed: 1,
        expired: 0,
        dismissed: 0,
        conversion: 1 / 2,
        medianSecondsToComplete: 3 * DAY,
      },
      {
        jobType: STEPS[3],
        step: 4,
        total: 5,
        pending: { ...zero, lt1d: 1, d3to7: 1, gt7d: 1 },
        completed: 0,
        expired: 1,
        dismissed: 1,
        conversion: 0,
        medianSecondsToComplete: null,
      },
      {
        jobType: STEPS[4],
        step: 5,
        total: 5,
        pending: { ...zero, lt1d: 1, d1to3: 1, gt7d: 2 },
        completed: 1,
        expired: 0,
        dismissed: 0,
        // Against step 3 (1 of 5), not optional step 4 (none): 1/5 ÷ 1/5.
        conversion: 1,
        medianSecondsToComplete: 2 * DAY,
      },
    ]);
    const invite = await t.prisma.job.findFirstOrThrow({ where: { targetId: ids.D!, jobType: STEPS[3] } });
    expect(invite.status).toBe("expired");
    const verifyE = await t.prisma.job.findFirstOrThrow({ where: { targetId: ids.E!, jobType: STEPS[0] } });
    expect(verifyE.status).toBe("pending");
  });

  test("a cohort counts only the people who signed up in its range", async () => {
    const funnel = await onboardingFunnel(t.prisma, { from: new Date(Date.now() - 3 * DAY * 1000) });
    expect(funnel.cohortSize).toBe(2);
    expect(funnel.steps[0]).toMatchObject({
      total: 2,
      pending: { ...zero, lt1d: 1 },
      completed: 1,
      conversion: 1 / 2,
      medianSecondsToComplete: 2 * HOUR,
    });
    expect(funnel.steps[3]).toMatchObject({ total: 2, dismissed: 1, pending: { ...zero, lt1d: 1 } });

    const older = await onboardingFunnel(t.prisma, {
      from: new Date(Date.now() - 30 * DAY * 1000),
      to: new Date(Date.now() - 7 * DAY * 1000),
    });
    expect(older.cohortSize).toBe(2);
    expect(older.steps[0]).toMatchObject({ total: 2, completed: 1, expired: 1 });
  });

  test("an empty cohort gives zeros and no conversion", async () => {
    const funnel = await onboardingFunnel(t.prisma, { from: new Date(Date.now() + DAY * 1000) });
    expect(funnel.cohortSize).toBe(0);
    expect(funnel.steps.every((s) => s.total === 0 && s.conversion === null && s.medianSecondsToComplete === null)).toBe(true);
  });
});

describe("stalledUsers", () => {
  test("lists the people stalled in one bucket of one step", async () => {
    const { rows, nextCursor } = await stalledUsers(t.prisma, { jobType: STEPS[2]!, bucket: "gt7d" });
    expect(rows.map((r) => r.name)).toEqual(["E"]);
    expect(nextCursor).toBeNull();
    expect(Date.now() - rows[0]!.pendingSince.getTime()).toBeGreaterThan(9.9 * DAY * 1000);
  });

  test("a whole step, longest waiting first, page by page", async () => {
    const first = await stalledUsers(t.prisma, { jobType: STEPS[4]! }, {}, 2);
    const second = await stalledUsers(t.prisma, { jobType: STEPS[4]!, cursor: first.nextCursor! }, {}, 2);
    expect(first.rows.map((r) => r.name).sort()).toEqual(["D", "E"]);
    expect(second.rows.map((r) => r.name)).toEqual(["B", "A"]);
    expect(second.nextCursor).toBeNull();
  });

  test("respects the cohort", async () => {
    const { rows } = await stalledUsers(t.prisma, { jobType: STEPS[4]! }, { from: new Date(Date.now() - 3 * DAY * 1000) });
    expect(rows.map((r) => r.name)).toEqual(["B", "A"]);
  });

  test.each([
    ["a job type that is not an onboarding step", { jobType: "staff.review-document" }, "invalid_input"],
    ["a tampered cursor", { jobType: STEPS[0]!, cursor: "bm9wZQ" }, "invalid_input"],
  ])("refuses %s", async (_label, query, code) => {
    await expect(stalledUsers(t.prisma, query)).rejects.toMatchObject({ code });
  });
});
