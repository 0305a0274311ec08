import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { Prisma, type UserRow } from "@/lib/db/client";
import { expireDueJobs, jobCompleted, jobRequested, jobSignals } from "@/lib/jobs";
import { createNotificationTestDatabase, type NotificationTestDatabase } from "@/test/notification-database";
import { createUser } from "@/test/fixtures";
import { NOTIFICATION_QUEUES } from "./notification-queues";
import { jobEventsTable, jobsTable } from "@/lib/jobs/job-sql";

// The engine's races as the app runs them: with the notification receivers
// connected, every change runs in a transaction with the receivers' writes
// (notifications, pg-boss delivery jobs) inside it. The engine's own tests
// (lib/jobs) race with nobody listening, where it skips that transaction.

let t: NotificationTestDatabase;

beforeAll(async () => {
  t = await createNotificationTestDatabase({ poolMax: 8 });
});
afterAll(async () => {
  await t?.close();
});

// Sends an email and an in-app notification on request, an in-app one on expiry.
const jobType = "onboarding.verify-email";

async function stateOf(jobIds: string[]) {
  const ids = Prisma.join(jobIds.map((id) => Prisma.sql`${id}::uuid`));
  const events = await t.prisma.$queryRaw<{ kind: string; n: number }[]>`
    SELECT kind::text, count(*)::int AS n FROM ${jobEventsTable} WHERE job_id IN (${ids}) GROUP BY kind ORDER BY kind`;
  const notifications = await t.prisma.$queryRaw<{ rule: string; channel: string; status: string; resolved: boolean; n: number }[]>`
    SELECT rule, channel::text, status::text, resolved_at IS NOT NULL AS resolved, count(*)::int AS n
    FROM notifications WHERE job_id IN (${ids}) GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4`;
  const [{ queued }] = await t.prisma.$queryRaw<[{ queued: number }]>`
    SELECT count(*)::int AS queued FROM pgboss.job
    WHERE name = ${NOTIFICATION_QUEUES.deliver} AND id IN (SELECT id FROM notifications WHERE job_id IN (${ids}))`;
  return { events: Object.fromEntries(events.map((e) => [e.kind, e.n])), notifications, queued };
}

const requestedSet = [
  { rule: "requested", channel: "email", status: "queued", resolved: false, n: 1 },
  { rule: "requested", channel: "in_app", status: "sent", resolved: false, n: 1 },
];

test("the receivers are connected, so the engine takes its transactional path", () => {
  expect([jobSignals.requested, jobSignals.completed, jobSignals.expired].map((s) => s.hasReceivers)).toEqual([true, true, true]);
});

describe("jobRequested, 50 at once", () => {
  let user: UserRow;
  beforeAll(async () => {
    user = await createUser(t.prisma);
  });

  test("idempotent: one job, one event, one set of notifications, one queue job", async () => {
    const target = { type: "user", id: user.id };
    const results = await Promise.all(
      Array.from({ length: 50 }, () => jobRequested(t.prisma, { target, jobType, assignedTo: user.id, idempotent: true })),
    );

    expect(new Set(results.map((r) => r.job.id)).size).toBe(1);
    expect(results.filter((r) => r.created)).toHaveLength(1);
    const jobs = await t.prisma.job.findMany({ where: { targetId: user.id, jobType } });
    expect(jobs.map((j) => j.status)).toEqual(["pending"]);
    expect(await stateOf([jobs[0]!.id])).toEqual({ events: { requested: 1 }, notifications: requestedSet, queued: 1 });
  });

  test("plain: one wins, 49 are told a job is pending; one set of notifications, one queue job", async () => {
    const other = await createUser(t.prisma);
    const target = { type: "user", id: other.id };
    const results = await Promise.allSettled(
      Array.from({ length: 50 }, () => jobRequested(t.prisma, { target, jobType, assignedTo: other.id })),
    );

    const won = results.filter((r) => r.status === "fulfilled");
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(won).toHaveLength(1);
    expect(refused.map((r) => (r.reason as { code?: string }).code)).toEqual(Array(49).fill("duplicate_pending_job"));
    const jobs = await t.prisma.job.findMany({ where: { targetId: other.id, jobType } });
    expect(jobs).toHaveLength(1);
    expect(await stateOf([jobs[0]!.id])).toEqual({ events: { requested: 1 }, notifications: requestedSet, queued: 1 });
  });
});

test("jobCompleted, 10 at once: completed once, its notifications resolved once, the queued email cancelled", async () => {
  const user = await createUser(t.prisma);
  const target = { type: "user", id: user.id };
  const { job } = await jobRequested(t.prisma, { target, jobType, assignedTo: user.id });

  const results = await Promise.all(Array.from({ length: 10 }, () => jobCompleted(t.prisma, { target, jobType, source: "auto" })));

  expect(results.filter((r) => r.changed)).toHaveLength(1);
  expect(await stateOf([job.id])).toEqual({
    events: { completed: 1, requested: 1 },
    notifications: [
      { rule: "requested", channel: "email", status: "cancelled", resolved: false, n: 1 },
      { rule: "requested", channel: "in_app", status: "sent", resolved: true, n: 1 },
    ],
    queued: 1,
  });
});

test("two expiry sweeps at once: each job expired once, with one expiry notice, requests' notifications resolved", async () => {
  const users = await Promise.all(Array.from({ length: 24 }, () => createUser(t.prisma)));
  const ids: string[] = [];
  for (const user of users)
    ids.push((await jobRequested(t.prisma, { target: { type: "user", id: user.id }, jobType, assignedTo: user.id })).job.id);
  await t.prisma
    .$executeRaw`UPDATE ${jobsTable} SET expires_at = now() - interval '1 minute' WHERE id IN (${Prisma.join(ids.map((id) => Prisma.sql`${id}::uuid`))})`;

  const [a, b] = await Promise.all([expireDueJobs(t.prisma, { batchSize: 4 }), expireDueJobs(t.prisma, { batchSize: 4 })]);

  expect(a.expired + b.expired).toBe(24);
  const state = await stateOf(ids);
  expect(state.events).toEqual({ expired: 24, requested: 24 });
  expect(state.notifications).toEqual([
    { rule: "expired", channel: "in_app", status: "sent", resolved: false, n: 24 },
    { rule: "requested", channel: "email", status: "cancelled", resolved: false, n: 24 },
    { rule: "requested", channel: "in_app", status: "sent", resolved: true, n: 24 },
  ]);
  // Per job, not only in total: no job has a second expiry notice and another none.
  const perJob = await t.prisma.notification.groupBy({ by: ["jobId"], where: { jobId: { in: ids }, rule: "expired" }, _count: true });
  expect(perJob.map((g) => g._count)).toEqual(Array(24).fill(1));
  expect(state.queued).toBe(24);
});
