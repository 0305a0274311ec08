import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { backfillOnboardingSteps } from "@/lib/accounts/backfill-onboarding-steps";
import { requestOnboardingJobs } from "@/lib/accounts/onboarding";
import { jobCancelled, jobCompleted, jobsTable, type JobTypeKey } from "@/lib/jobs";
import { requestOrganisationJobs } from "@/lib/organisations/request-organisation-jobs";
import { createTestDatabase, type TestDatabase } from "@/test/database";
import { onboardingFunnelByWeek } from "./onboarding-funnel-by-week";
import { type Cohort, type Funnel, type FunnelUnit, liveOnboardingFunnel, onboardingFunnel } from "./onboarding-funnel";

// The funnel's maths on PostgreSQL, case by case: windows (in progress until
// the step's window has passed since the request, stalled after, judged at a
// controlled `now`), optional steps not holding back conversion, versioned
// steps with their own populations, and organisations as the unit. Each case
// gets a sign-up day of its own (whole UTC days: the summary's path), and
// every case is read both from the summary and from the live aggregate.

let t: TestDatabase;
const DAY = 86_400_000;
const HOUR = 3_600_000;
/** The controlled moment every pending job is judged at. */
const NOW = new Date(Math.floor(Date.now() / 1000) * 1000);
let nextDay = 0;
/** A sign-up day no other case uses (in 2001), as a whole-day cohort. */
function freshDay(): { day: Date; cohort: Cohort } {
  const day = new Date(Date.UTC(2001, 0, 1) + nextDay++ * DAY);
  return { day, cohort: { from: day, to: new Date(day.getTime() + DAY) } };
}

const PROFILE = "onboarding.complete-profile"; // window 7 days
const VERIFY = "onboarding.verify-email"; // window 3 days
const PERSON_STEPS = [VERIFY, PROFILE, "onboarding.upload-document", "onboarding.invite-teammate", "onboarding.read-guide"] as const;
const ORG_STEPS = ["organisation.add-company-details", "organisation.invite-two-teammates"] as const; // windows 14 and 30 days

beforeAll(async () => {
  t = await createTestDatabase();
}, 60_000);
afterAll(async () => {
  await t?.close();
});

async function person(day: Date, label: string): Promise<string> {
  const user = await t.prisma.user.create({
    data: { email: `${label}-${Math.random().toString(36).slice(2)}@example.test`, createdAt: day },
  });
  await requestOnboardingJobs(t.prisma, user.id);
  return user.id;
}

async function organisation(day: Date): Promise<string> {
  const org = await t.prisma.organisation.create({ data: { name: "Team", createdAt: day } });
  await requestOrganisationJobs(t.prisma, org.id);
  return org.id;
}

/** Time travel (test data only): when the job was requested, relative to NOW. */
async function requestedAgo(targetId: string, jobType: string, ms: number) {
  await t.prisma.$executeRaw`UPDATE ${jobsTable} SET created_at = ${new Date(NOW.getTime() - ms)}::timestamptz
    WHERE target_id = ${targetId} AND job_type = ${jobType}`;
}

const read = {
  summary: (cohort: Cohort, unit: FunnelUnit) => onboardingFunnel(t.prisma, cohort, { unit, now: NOW }),
  live: (cohort: Cohort, unit: FunnelUnit) => liveOnboardingFunnel(t.prisma, cohort, { unit, now: NOW }),
};
const step = (funnel: Funnel, jobType: string) => funnel.steps.find((s) => s.jobType === jobType)!;

describe.each(["summary", "live"] as const)("read from the %s", (path) => {
  describe("windows: a pending job is in progress until its step's window has passed since it was requested, then stalled", () => {
    test.each([
      { label: "requested just now", jobType: PROFILE, ago: 0, expected: { inProgress: 1, stalled: 0 } },
      { label: "1 ms before the 7-day window ends", jobType: PROFILE, ago: 7 * DAY - 1, expected: { inProgress: 1, stalled: 0 } },
      { label: "exactly at the window's end", jobType: PROFILE, ago: 7 * DAY, expected: { inProgress: 0, stalled: 1 } },
      { label: "a day past the window", jobType: PROFILE, ago: 8 * DAY, expected: { inProgress: 0, stalled: 1 } },
      { label: "verify email (3-day window) after 2 days", jobType: VERIFY, ago: 2 * DAY, expected: { inProgress: 1, stalled: 0 } },
      { label: "verify email (3-day window) after 4 days", jobType: VERIFY, ago: 4 * DAY, expected: { inProgress: 0, stalled: 1 } },
      {
        label: "snoozed, within the window",
        jobType: PROFILE,
        ago: 2 * DAY,
        snoozed: true,
        expected: { inProgress: 1, stalled: 0 },
      },
      {
        label: "snoozed, past the window: pending all the same (stalled, not dropped)",
        jobType: PROFILE,
        ago: 10 * DAY,
        snoozed: true,
        expected: { inProgress: 0, stalled: 1 },
      },
      {
        label: "past its expiry, not swept yet: expired, neither in progress nor stalled",
        jobType: PROFILE,
        ago: 2 * DAY,
        expiredAgo: HOUR,
        expected: { inProgress: 0, stalled: 0, expired: 1 },
      },
    ])("$label", async ({ jobType, ago, snoozed, expiredAgo, expected }) => {
      const { day, cohort } = freshDay();
      const id = await person(day, "window");
      await requestedAgo(id, jobType, ago);
      if (snoozed)
        await t.prisma.$executeRaw`UPDATE ${jobsTable} SET snoozed_until = ${new Date(NOW.getTime() + 3 * DAY)}::timestamptz
          WHERE target_id = ${id} AND job_type = ${jobType}`;
      if (expiredAgo)
        await t.prisma.$executeRaw`UPDATE ${jobsTable} SET expires_at = ${new Date(NOW.getTime() - expiredAgo)}::timestamptz
          WHERE target_id = ${id} AND job_type = ${jobType}`;
      const s = step(await read[path](cohort, "person"), jobType);
      expect(s).toMatchObject({ total: 1, completed: 0, dismissed: 0, expired: 0, ...expected });
      expect(s.inProgress + s.stalled + s.expired).toBe(1);
    });
  });

  describe("optional steps (the dismissible ones) do not hold back conversion", () => {
    // Four people: verify-email done by 4, profile by 2, upload by 1, invite (optional) by none, guide (optional) by 1.
    const done = [5, 2, 1, 0, 1];
    test.each([
      { label: "step 1: its completion rate", index: 0, completionRate: 1, conversion: 1 },
      { label: "step 2 against step 1", index: 1, completionRate: 0.5, conversion: 0.5 },
      { label: "step 3 against step 2", index: 2, completionRate: 0.25, conversion: 0.5 },
      { label: "optional step 4 against step 3", index: 3, completionRate: 0, conversion: 0 },
      {
        label: "optional step 5 against step 3, not against optional step 4 (nobody did it: that would be no conversion)",
        index: 4,
        completionRate: 0.25,
        conversion: 1,
      },
    ])("$label", async ({ index, completionRate, conversion }) => {
      const { day, cohort } = freshDay();
      for (let p = 0; p < 4; p++) {
        const id = await person(day, "optional");
        for (const [i, jobType] of PERSON_STEPS.entries())
          if (p < Math.min(done[i]!, 4)) await jobCompleted(t.prisma, { target: { type: "user", id }, jobType, source: "auto" });
      }
      const funnel = await read[path](cohort, "person");
      expect(funnel.steps.map((s) => s.optional)).toEqual([false, false, false, true, true]);
      expect(funnel.steps[index]).toMatchObject({ total: 4, completionRate, conversion });
    });
  });

  describe("organisations as the unit", () => {
    test.each([
      {
        label: "a new organisation: both steps in progress",
        setup: { detailsAgo: HOUR, inviteAgo: HOUR },
        expected: [
          { jobType: ORG_STEPS[0], inProgress: 1, stalled: 0, completed: 0 },
          { jobType: ORG_STEPS[1], inProgress: 1, stalled: 0, completed: 0 },
        ],
      },
      {
        label: "20 days on: details stalled (14-day window), invites still in progress (30 days)",
        setup: { detailsAgo: 20 * DAY, inviteAgo: 20 * DAY },
        expected: [
          { jobType: ORG_STEPS[0], inProgress: 0, stalled: 1 },
          { jobType: ORG_STEPS[1], inProgress: 1, stalled: 0 },
        ],
      },
      {
        label: "details saved after 2 hours: completed, with its time",
        setup: { detailsAgo: 3 * HOUR, inviteAgo: 3 * HOUR, detailsDoneAfter: 2 * HOUR },
        expected: [
          { jobType: ORG_STEPS[0], completed: 1, inProgress: 0, stalled: 0, medianSecondsToComplete: 7200, p90SecondsToComplete: 7200 },
          { jobType: ORG_STEPS[1], inProgress: 1, completionRate: 0, conversion: 0 },
        ],
      },
    ])("$label", async ({ setup, expected }) => {
      const { day, cohort } = freshDay();
      // A person signed up that day too: the organisation funnel counts organisations, and only their steps.
      await person(day, "org-member");
      const id = await organisation(day);
      await requestedAgo(id, ORG_STEPS[0], setup.detailsAgo);
      await requestedAgo(id, ORG_STEPS[1], setup.inviteAgo);
      if (setup.detailsDoneAfter) {
        await jobCompleted(t.prisma, { target: { type: "organisation", id }, jobType: ORG_STEPS[0], source: "auto" });
        await t.prisma.$executeRaw`UPDATE ${jobsTable} SET completed_at = created_at + ${setup.detailsDoneAfter} * interval '1 millisecond'
          WHERE target_id = ${id} AND job_type = ${ORG_STEPS[0]}`;
      }
      const funnel = await read[path](cohort, "organisation");
      expect(funnel.unit).toBe("organisation");
      expect(funnel.cohortSize).toBe(1);
      expect(funnel.steps.map((s) => s.jobType)).toEqual([...ORG_STEPS]);
      expect(funnel.steps).toMatchObject(expected.map((e) => ({ total: 1, ...e })));
    });
  });
});

describe("versioned steps: a step added later", () => {
  // The step "added later" is simulated by taking it away from everyone who
  // signed up before it existed; the backfill then requests it for those
  // still onboarding, and only them.
  const NEW_STEP = "onboarding.upload-document";
  const NEW_ORG_STEP = "organisation.invite-two-teammates";

  test.each([
    { label: "still onboarding (profile pending): gets the new step", finish: [VERIFY], gets: true },
    {
      label: "finished before it existed (every step done or dismissed): onboarding not reopened",
      finish: [VERIFY, PROFILE, "onboarding.read-guide"],
      dismiss: ["onboarding.invite-teammate"],
      gets: false,
    },
    { label: "dropped out (every step expired): not asked again", expireAll: true, gets: false },
    { label: "only an optional step left pending: still onboarding, gets it", finish: [VERIFY, PROFILE], dismissGuide: true, gets: true },
  ] as { label: string; finish?: JobTypeKey[]; dismiss?: JobTypeKey[]; expireAll?: boolean; dismissGuide?: boolean; gets: boolean }[])(
    "$label",
    async ({ finish = [], dismiss = [], expireAll, dismissGuide, gets }) => {
      const { day } = freshDay();
      const id = await person(day, "versioned");
      const target = { type: "user", id };
      await t.prisma.$executeRaw`DELETE FROM ${jobsTable} WHERE target_id = ${id} AND job_type = ${NEW_STEP}`;
      for (const jobType of finish) await jobCompleted(t.prisma, { target, jobType, source: "auto" });
      for (const jobType of dismiss) await jobCancelled(t.prisma, { target, jobType, source: "user" });
      if (dismissGuide) await jobCancelled(t.prisma, { target, jobType: "onboarding.read-guide", source: "user" });
      if (expireAll) await t.prisma.$executeRaw`UPDATE ${jobsTable} SET status = 'expired' WHERE target_id = ${id} AND status = 'pending'`;

      await backfillOnboardingSteps(t.prisma);
      const jobs = await t.prisma.job.findMany({ where: { targetId: id, jobType: NEW_STEP } });
      expect(jobs.map((j) => j.status)).toEqual(gets ? ["pending"] : []);
      if (gets) expect(jobs[0]!.assignedToId).toBe(id);
    },
  );

  test("the funnel shows each step's own population; the backfill is idempotent and concurrent runs request once", async () => {
    const { day, cohort } = freshDay();
    const onboarding = [await person(day, "v-on"), await person(day, "v-on")];
    const finished = [await person(day, "v-done"), await person(day, "v-done")];
    for (const id of [...onboarding, ...finished])
      await t.prisma.$executeRaw`DELETE FROM ${jobsTable} WHERE target_id = ${id} AND job_type = ${NEW_STEP}`;
    for (const id of finished)
      for (const jobType of PERSON_STEPS.filter((s) => s !== NEW_STEP))
        await jobCompleted(t.prisma, { target: { type: "user", id }, jobType, source: "auto" });
    await jobCompleted(t.prisma, { target: { type: "user", id: onboarding[0]! }, jobType: VERIFY, source: "auto" });
    await jobCompleted(t.prisma, { target: { type: "user", id: onboarding[0]! }, jobType: PROFILE, source: "auto" });
    // Organisations: one still onboarding, one that finished before the step existed.
    const orgOnboarding = await organisation(day);
    const orgFinished = await organisation(day);
    for (const id of [orgOnboarding, orgFinished])
      await t.prisma.$executeRaw`DELETE FROM ${jobsTable} WHERE target_id = ${id} AND job_type = ${NEW_ORG_STEP}`;
    await jobCompleted(t.prisma, { target: { type: "organisation", id: orgFinished }, jobType: ORG_STEPS[0], source: "auto" });

    const runs = await Promise.all([backfillOnboardingSteps(t.prisma), backfillOnboardingSteps(t.prisma, { batchSize: 1 })]);
    expect(runs.reduce((sum, r) => sum + r.person, 0)).toBeGreaterThanOrEqual(2);
    expect(await backfillOnboardingSteps(t.prisma)).toEqual({ person: 0, organisation: 0 });
    const pendingNew = await t.prisma.job.count({ where: { targetId: { in: [...onboarding, ...finished] }, jobType: NEW_STEP } });
    expect(pendingNew).toBe(2);
    expect(await t.prisma.job.count({ where: { targetId: orgOnboarding, jobType: NEW_ORG_STEP } })).toBe(1);
    expect(await t.prisma.job.count({ where: { targetId: orgFinished, jobType: NEW_ORG_STEP } })).toBe(0);

    await jobCompleted(t.prisma, { target: { type: "user", id: onboarding[0]! }, jobType: NEW_STEP, source: "auto" });
    for (const path of ["summary", "live"] as const) {
      const funnel = await read[path](cohort, "person");
      expect(funnel.cohortSize).toBe(4);
      // Profile: 3 of 4 done (rate 3/4). The new step: its own population of 2, 1 done (rate 1/2), compared rate to rate.
      expect(step(funnel, PROFILE)).toMatchObject({ total: 4, completed: 3, completionRate: 0.75 });
      expect(step(funnel, NEW_STEP)).toMatchObject({ total: 2, completed: 1, completionRate: 0.5, conversion: 0.5 / 0.75 });
      const orgs = await read[path](cohort, "organisation");
      expect(orgs.cohortSize).toBe(2);
      expect(orgs.steps.map((s) => [s.jobType, s.total])).toEqual([
        [ORG_STEPS[0], 2],
        [NEW_ORG_STEP, 1],
      ]);
    }
  });
});

describe("week-by-week cohorts", () => {
  test("each week's step populations and completions, the same as the funnel of that week", async () => {
    // Two weeks of 2001 nobody else uses: three people in the first, one in the second.
    const monday = new Date(Date.UTC(2001, 6, 2)); // a Monday
    const firstWeek = [await person(new Date(monday.getTime() + HOUR), "w1"), await person(new Date(monday.getTime() + 6 * DAY), "w1")];
    firstWeek.push(await person(new Date(monday.getTime() + 2 * DAY), "w1"));
    const secondWeek = [await person(new Date(monday.getTime() + 7 * DAY + HOUR), "w2")];
    for (const id of firstWeek.slice(0, 2)) await jobCompleted(t.prisma, { target: { type: "user", id }, jobType: VERIFY, source: "auto" });
    await jobCancelled(t.prisma, { target: { type: "user", id: secondWeek[0]! }, jobType: "onboarding.read-guide", source: "user" });

    const byWeek = await onboardingFunnelByWeek(t.prisma, { unit: "person", weeks: 3, now: new Date(monday.getTime() + 15 * DAY) });
    expect(byWeek.weeks.map((w) => [w.week, w.cohortSize])).toEqual([
      ["2001-07-02", 3],
      ["2001-07-09", 1],
      ["2001-07-16", 0],
    ]);
    expect(byWeek.weeks[0]!.steps[0]).toEqual({ jobType: VERIFY, total: 3, completed: 2, completionRate: 2 / 3 });
    expect(byWeek.weeks[1]!.steps[4]).toEqual({ jobType: "onboarding.read-guide", total: 1, completed: 0, completionRate: 0 });
    expect(byWeek.weeks[2]!.steps.every((s) => s.total === 0 && s.completionRate === null)).toBe(true);
    for (const [i, week] of byWeek.weeks.entries()) {
      const from = new Date(monday.getTime() + i * 7 * DAY);
      const live = await liveOnboardingFunnel(t.prisma, { from, to: new Date(from.getTime() + 7 * DAY) });
      expect(week.steps.map((s) => [s.total, s.completed])).toEqual(live.steps.map((s) => [s.total, s.completed]));
    }
  });
});
