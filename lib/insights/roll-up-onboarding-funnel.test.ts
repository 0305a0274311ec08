import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { pgPoolOf } from "@/lib/db/client";
import { requestOnboardingJobs } from "@/lib/accounts/onboarding";
import { expireDueJobs, jobCancelled, jobCompleted, jobsTable, jobTypeKey, type JobTypeKey } from "@/lib/jobs";
import { requestOrganisationJobs } from "@/lib/organisations/request-organisation-jobs";
import { type Funnel, FUNNEL_UNITS, liveOnboardingFunnel, onboardingFunnel } from "@/lib/server/queries/onboarding-funnel";
import { onboardingFunnelByWeek } from "@/lib/server/queries/onboarding-funnel-by-week";
import { createTestDatabase, type TestDatabase } from "@/test/database";
import { rollUpOnboardingFunnel } from "./roll-up-onboarding-funnel";

// The maintained summary must give the live aggregate's counts exactly (and
// its medians within one 10% bucket), whatever has been rolled up, including
// jobs finished while roll-ups run and a completion whose transaction stays
// open across roll-ups (its event id is below ids committed after it).

let t: TestDatabase;
const DAY = 86_400_000;
const STEPS = [
  "onboarding.verify-email",
  "onboarding.complete-profile",
  "onboarding.upload-document",
  "onboarding.invite-teammate",
  "onboarding.read-guide",
] as const;
const ORG_STEPS = ["organisation.add-company-details", "organisation.invite-two-teammates"] as const;
const today = Math.floor(Date.now() / DAY) * DAY;
const people: string[] = [];
const organisations: string[] = [];

/** A small deterministic generator, so a failure can be replayed. */
function prng(seed: number) {
  let s = seed;
  return () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
}
const rand = prng(42);

beforeAll(async () => {
  t = await createTestDatabase();
  for (let i = 0; i < 40; i++) {
    const signedUp = new Date(today - (1 + (i % 12)) * DAY + Math.floor(rand() * DAY));
    const user = await t.prisma.user.create({ data: { email: `funnel-${i}@example.test`, createdAt: signedUp } });
    people.push(user.id);
    await requestOnboardingJobs(t.prisma, user.id);
    // Requested when they signed up, or some hours after: durations spread over days.
    await t.prisma
      .$executeRaw`UPDATE ${jobsTable} SET created_at = ${signedUp}::timestamptz + ${Math.floor(rand() * 20)} * interval '1 hour' WHERE target_id = ${user.id}`;
  }
  // Organisations: the summary holds their steps too (by the day each was made).
  for (let i = 0; i < 20; i++) {
    const made = new Date(today - (1 + (i % 12)) * DAY + Math.floor(rand() * DAY));
    const org = await t.prisma.organisation.create({ data: { name: `Team ${i}`, createdAt: made } });
    organisations.push(org.id);
    await requestOrganisationJobs(t.prisma, org.id);
    await t.prisma
      .$executeRaw`UPDATE ${jobsTable} SET created_at = ${made}::timestamptz + ${Math.floor(rand() * 20)} * interval '1 hour' WHERE target_id = ${org.id}`;
  }
}, 120_000);
afterAll(async () => {
  await t?.close();
});

const pool = () => pgPoolOf(t.prisma)!;

/** Finishes a share of the pending jobs: completions, dismissals, expiries (swept or not). */
async function finishSome(share: number, seed: number, except?: string) {
  const r = prng(seed);
  // `except`: a person whose job a held transaction is finishing (waiting for its row lock would never end).
  const targets = [
    ...people.filter((p) => p !== except).map((id) => ({ type: "user", id, steps: STEPS as readonly JobTypeKey[] })),
    ...organisations.map((id) => ({ type: "organisation", id, steps: ORG_STEPS as readonly JobTypeKey[] })),
  ];
  for (const { type, id, steps } of targets) {
    for (const jobType of steps) {
      const x = r();
      if (x > share) continue;
      const target = { type, id };
      if (x < share * 0.6) await jobCompleted(t.prisma, { target, jobType, source: "auto" }).catch(() => undefined);
      else if (x < share * 0.8) await jobCancelled(t.prisma, { target, jobType, source: "user" }).catch(() => undefined);
      else
        await t.prisma
          .$executeRaw`UPDATE ${jobsTable} SET expires_at = now() - interval '1 minute' WHERE target_id = ${id} AND job_type = ${jobType} AND status = 'pending'`;
    }
  }
}

const cohorts = [
  {},
  { from: new Date(today - 5 * DAY), to: new Date(today - 1 * DAY) },
  { to: new Date(today - 6 * DAY) },
  { from: new Date(today - 12 * DAY) },
];

async function expectAgreement(label: string) {
  // One moment for both reads: windows and age buckets judged alike.
  const now = new Date();
  for (const unit of FUNNEL_UNITS) {
    for (const cohort of cohorts) {
      const [summary, live] = [
        await onboardingFunnel(t.prisma, cohort, { unit, now }),
        await liveOnboardingFunnel(t.prisma, cohort, { unit, now }),
      ];
      const counts = (f: Funnel) => ({
        cohortSize: f.cohortSize,
        steps: f.steps.map(({ medianSecondsToComplete: _m, p90SecondsToComplete: _p, ...s }) => s),
      });
      expect(counts(summary), `${label}, ${unit}, cohort ${JSON.stringify(cohort)}`).toEqual(counts(live));
      for (const [i, step] of summary.steps.entries()) {
        for (const key of ["medianSecondsToComplete", "p90SecondsToComplete"] as const) {
          const exact = live.steps[i]![key];
          if (exact === null) expect(step[key]).toBeNull();
          // Within one 10% bucket of the exact value (the two values interpolated may straddle a bucket edge).
          else expect(Math.abs(step[key]! - exact) / exact, `${label}: ${key} of ${step.jobType}`).toBeLessThanOrEqual(0.1);
        }
      }
    }
    // Week by week: each week's populations and completions are the live funnel's of that week.
    const byWeek = await onboardingFunnelByWeek(t.prisma, { unit, weeks: 3, now });
    for (const week of byWeek.weeks) {
      const from = new Date(`${week.week}T00:00:00Z`);
      const live = await liveOnboardingFunnel(t.prisma, { from, to: new Date(from.getTime() + 7 * DAY) }, { unit, now });
      expect(week.cohortSize, `${label}, ${unit}, week ${week.week}`).toBe(live.cohortSize);
      expect(week.steps.map((s) => [s.total, s.completed])).toEqual(live.steps.map((s) => [s.total, s.completed]));
    }
  }
}

/**
 * Roll-ups until the summary holds every event so far. Transaction ids are
 * cluster-wide: another database's open transaction (a neighbour's test)
 * holds the watermark back too, so this keeps trying for a while.
 */
async function rollUpToTheEnd(): Promise<{ rolled: number; last: bigint; max: bigint }> {
  const deadline = Date.now() + 60_000;
  let rolled = 0;
  for (;;) {
    rolled += (await rollUpOnboardingFunnel(pool())).rolledUp;
    const [row] = await t.prisma.$queryRaw<{ last: bigint; max: bigint }[]>`
      SELECT w.last_event_id AS last, (SELECT max(id) FROM jtbd.job_events) AS max FROM onboarding_funnel_watermark w`;
    if (row!.last === row!.max || Date.now() > deadline) return { rolled, ...row! };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe("the onboarding funnel's summary", () => {
  test(
    "agrees with the live aggregate before any roll-up, after roll-ups, and with finished jobs past the watermark",
    { timeout: 120_000 },
    async () => {
      await finishSome(0.3, 1);
      await expectAgreement("nothing rolled up");
      const first = await rollUpToTheEnd();
      expect(first.rolled).toBeGreaterThan(0);
      expect(first.last).toBe(first.max);
      await expectAgreement("rolled up");
      await finishSome(0.2, 2);
      await expireDueJobs(t.prisma);
      await expectAgreement("finished after the roll-up, read live");
    },
  );

  test(
    "roll-ups racing completions, and a completion committed late under an id below later ones, are counted once",
    { timeout: 90_000 },
    async () => {
      // A completion whose transaction stays open while others commit and roll-ups run.
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      let started!: () => void;
      const inside = new Promise<void>((resolve) => (started = resolve));
      const pendingLate = await t.prisma.$queryRaw<{ job_type: string; target_id: string }[]>`
      SELECT job_type, target_id FROM ${jobsTable} WHERE target_type = 'user' AND status = 'pending' AND (expires_at IS NULL OR expires_at > now()) ORDER BY id LIMIT 1`;
      expect(pendingLate.length).toBe(1);
      const late = pendingLate[0]!.target_id;
      const lateCompletion = t.prisma.$transaction(
        async (tx) => {
          await jobCompleted(tx, { target: { type: "user", id: late }, jobType: jobTypeKey(pendingLate[0]!.job_type), source: "auto" });
          started();
          await held;
        },
        { timeout: 60_000 },
      );
      await inside;

      // Completions and roll-ups at once.
      const racing = (async () => {
        for (let i = 0; i < 12; i++) await rollUpOnboardingFunnel(pool());
      })();
      await Promise.all([finishSome(0.4, 3, late), racing]);
      for (let i = 0; i < 3; i++) await rollUpOnboardingFunnel(pool());
      // The held event is not visible yet, and nothing at or above its id was rolled past it.
      await expectAgreement("with a completion still open");
      release();
      await lateCompletion;
      await expectAgreement("the late completion committed");
      const mark = await rollUpToTheEnd();
      await expectAgreement("the late completion rolled up");
      expect(mark.last).toBe(mark.max);
    },
  );
});
