import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { UserRow } from "@/lib/db/client";
import { escalateJobs, jobAssigned, jobCompleted, jobRequested, jobsTable } from "@/lib/jobs";
import { jobEscalationsTable } from "@/lib/jobs/escalate-jobs";
import { createNotificationTestDatabase, type NotificationTestDatabase } from "@/test/notification-database";
import { createUser } from "@/test/fixtures";
import { breachesToday, countEscalated, listEscalations } from "./staff-escalations";
import { listQueue, queueFiltersSchema } from "./staff-queue";

// SLAs that act, in the product, on PostgreSQL: the staff types' SLAs
// (lib/jobs/job-types.ts, business hours Mon–Fri 09:00–17:00 Europe/London),
// the notifications a breach sends, the queue's at-risk / breached marks, the
// escalation queue and the overview's count. Scans are given their `now`.

let t: NotificationTestDatabase;
let subject: UserRow;
let staff: UserRow;
let admin: UserRow;

beforeAll(async () => {
  t = await createNotificationTestDatabase({ poolMax: 6 });
  [subject, staff, admin] = await Promise.all([
    createUser(t.prisma),
    createUser(t.prisma, { role: "staff" }),
    createUser(t.prisma, { role: "admin" }),
  ]);
});
afterAll(async () => {
  await t?.close();
});

const HOUR = 3_600_000;

async function setCreatedAt(jobId: string, at: Date) {
  await t.prisma.$executeRaw`UPDATE ${jobsTable} SET created_at = ${at} WHERE id = ${jobId}::uuid`;
}

/** The notifications SLA breaches sent about a job (not the "requested" ones). */
const notificationsOf = (jobId: string) =>
  t.prisma.notification.findMany({
    where: { jobId, rule: { startsWith: "escalated" } },
    select: { recipientId: true, rule: true, channel: true, resolvedAt: true },
    orderBy: [{ rule: "asc" }, { recipientId: "asc" }],
  });

const priorityOf = async (jobId: string) => (await t.prisma.job.findUniqueOrThrow({ where: { id: jobId } })).priority;

describe("a breach", () => {
  test("notifies the assignee and the admins once per SLA rule, never the person the job is about; in business hours; resolved with the job", async () => {
    const { job } = await jobRequested(t.prisma, { jobType: "staff.rejected-upload", target: { type: "user", id: subject.id } });
    // Monday 6 January 2020, 09:00 in London (GMT): 8 business hours to a first action, 24 to resolve.
    await setCreatedAt(job.id, new Date("2020-01-06T09:00:00Z"));

    await escalateJobs(t.prisma, { now: new Date("2020-01-06T16:59:59Z") });
    expect(await notificationsOf(job.id)).toEqual([]);

    await escalateJobs(t.prisma, { now: new Date("2020-01-06T17:00:00Z") });
    expect(await priorityOf(job.id)).toBe("high");
    // Nobody had it: the admins only (the user it is about hears nothing).
    expect(await notificationsOf(job.id)).toEqual([
      { recipientId: admin.id, rule: "escalated-first-action", channel: "in_app", resolvedAt: null },
    ]);

    await jobAssigned(t.prisma, { jobId: job.id, assignee: staff.id, by: staff.id, source: "staff" });
    // Resolve: Monday, Tuesday and Wednesday's 8 hours, so Wednesday 17:00; scanned twice.
    await escalateJobs(t.prisma, { now: new Date("2020-01-08T16:59:00Z") });
    expect(await notificationsOf(job.id)).toHaveLength(1);
    await escalateJobs(t.prisma, { now: new Date("2020-01-08T17:00:00Z") });
    await escalateJobs(t.prisma, { now: new Date("2020-01-09T17:00:00Z") });
    expect((await notificationsOf(job.id)).map((n) => [n.recipientId, n.rule])).toEqual(
      [
        [admin.id, "escalated-first-action"],
        [admin.id, "escalated-resolve"],
        [staff.id, "escalated-resolve"],
      ].sort((a, b) => a[1]!.localeCompare(b[1]!) || a[0]!.localeCompare(b[0]!)),
    );
    const events = await t.prisma.jobEvent.findMany({ where: { jobId: job.id, kind: "escalated" }, orderBy: { id: "asc" } });
    expect(events.map((e) => e.data)).toEqual([
      { rule: "first-action", deadline: "2020-01-06T17:00:00.000Z", priority: { from: "normal", to: "high" } },
      { rule: "resolve", deadline: "2020-01-08T17:00:00.000Z" },
    ]);

    await jobCompleted(t.prisma, {
      jobType: "staff.rejected-upload",
      target: { type: "user", id: subject.id },
      by: staff.id,
      source: "staff",
    });
    expect((await notificationsOf(job.id)).every((n) => n.resolvedAt !== null)).toBe(true);
  });

  test("a job finished a moment before its deadline is never escalated", async () => {
    const target = { type: "webhook-endpoint", id: crypto.randomUUID() };
    const { job } = await jobRequested(t.prisma, { jobType: "staff.fix-webhook-endpoint", target });
    const { job: done } = await jobCompleted(t.prisma, { jobType: "staff.fix-webhook-endpoint", target, source: "staff", by: staff.id });
    // Its first-action deadline (4 wall-clock hours) falls a millisecond after it was resolved.
    await setCreatedAt(job.id, new Date(done!.completedAt!.getTime() - 4 * HOUR + 1));
    await escalateJobs(t.prisma, { now: new Date(Date.now() + 48 * HOUR) });
    expect(await t.prisma.jobEvent.count({ where: { jobId: job.id, kind: "escalated" } })).toBe(0);
    expect(await notificationsOf(job.id)).toEqual([]);
    expect(await priorityOf(job.id)).toBe("normal");
  });
});

describe("what staff see", () => {
  test("the queue marks at risk past 75% of the time and breached past the deadline; the escalation queue and today's count follow the scan", async () => {
    const now = Date.now();
    const request = async (hoursAgo: number, assign = false) => {
      const { job } = await jobRequested(t.prisma, {
        jobType: "staff.fix-webhook-endpoint",
        target: { type: "webhook-endpoint", id: crypto.randomUUID() },
      });
      if (assign) await jobAssigned(t.prisma, { jobId: job.id, assignee: staff.id, by: staff.id, source: "staff" });
      await setCreatedAt(job.id, new Date(now - hoursAgo * HOUR));
      return job.id;
    };
    // First action within 4 hours (at risk from 3), resolve within 24 (at risk from 18).
    const onTrack = await request(1);
    const atRisk = await request(3.5);
    const pastDeadline = await request(5);
    const claimed = await request(3.5, true);
    const almostOverdue = await request(20, true);

    const queue = await listQueue(t.prisma, "staff.fix-webhook-endpoint", queueFiltersSchema.parse({}), staff.id);
    const slaOf = (id: string) => queue.rows.find((row) => row.id === id)?.sla;
    expect(slaOf(onTrack)).toMatchObject({ state: "on-track", rule: "first-action" });
    expect(slaOf(atRisk)).toMatchObject({ state: "at-risk", rule: "first-action" });
    // Past its deadline before any scan: breached all the same.
    expect(slaOf(pastDeadline)).toMatchObject({ state: "breached", rule: "first-action" });
    expect(slaOf(claimed)).toMatchObject({ state: "on-track", rule: "resolve" });
    expect(slaOf(almostOverdue)).toMatchObject({ state: "at-risk", rule: "resolve" });

    expect((await listEscalations(t.prisma, {})).rows.map((row) => row.id)).not.toContain(pastDeadline);
    const before = await countEscalated(t.prisma);
    await escalateJobs(t.prisma);

    const escalations = await listEscalations(t.prisma, {});
    const listed = escalations.rows.find((row) => row.id === pastDeadline);
    expect(listed).toMatchObject({
      queue: "Fix a failing webhook endpoint",
      priority: "high",
      breaches: [{ rule: "first-action" }],
      sla: { state: "breached", rule: "first-action" },
    });
    expect(escalations.rows.map((row) => row.id)).not.toContain(atRisk);
    expect(await countEscalated(t.prisma)).toBe(before + 1);
    expect((await breachesToday(t.prisma)).get("staff.fix-webhook-endpoint")).toBe(1);

    // Resolved: out of the escalation queue, still one of today's breaches.
    const row = await t.prisma.job.findUniqueOrThrow({ where: { id: pastDeadline } });
    await jobCompleted(t.prisma, {
      jobType: "staff.fix-webhook-endpoint",
      target: { type: row.targetType, id: row.targetId },
      source: "staff",
      by: staff.id,
    });
    expect((await listEscalations(t.prisma, {})).rows.map((r) => r.id)).not.toContain(pastDeadline);
    expect((await breachesToday(t.prisma)).get("staff.fix-webhook-endpoint")).toBe(1);
  });
});

describe("SLA breaches today, on a year of escalations", () => {
  test("reads the day's escalations through their time index (engine step 4), not every escalation ever fired", async () => {
    // 3,000 jobs of a staff queue, one every three hours back over a year, each escalated an hour after it came.
    await t.prisma.$executeRaw`
      WITH made AS (
        INSERT INTO ${jobsTable} (id, job_type, target_type, target_id, created_at, updated_at, metadata)
        SELECT gen_random_uuid(), 'staff.fix-email-delivery', 'notification', gen_random_uuid()::text,
               now() - g * interval '3 hours', now(), '{}'
        FROM generate_series(1, 3000) g
        RETURNING id, created_at)
      INSERT INTO ${jobEscalationsTable} (job_id, rule, fired_at) SELECT id, 'resolve', created_at + interval '1 hour' FROM made`;
    await t.prisma.$executeRaw`ANALYZE ${jobEscalationsTable}`;
    await t.prisma.$executeRaw`ANALYZE ${jobsTable}`;

    const reads = await t.prisma.$transaction(async (tx) => {
      // The backend's counters may still hold earlier statements' (flushed about once a second): read the difference.
      const counters = async () => {
        const [row] = await tx.$queryRaw<{ byTime: bigint; whole: bigint }[]>`
          SELECT pg_stat_get_xact_numscans('jtbd.job_escalations_fired_at_idx'::regclass) AS "byTime",
                 pg_stat_get_xact_numscans('jtbd.job_escalations'::regclass) AS whole`;
        return { byTime: Number(row!.byTime), whole: Number(row!.whole) };
      };
      const before = await counters();
      const today = await breachesToday(tx);
      const after = await counters();
      expect(today.get("staff.fix-email-delivery") ?? 0).toBeLessThanOrEqual(8);
      return { byTime: after.byTime - before.byTime, whole: after.whole - before.whole };
    });
    // Without the index the only way in is a scan of the whole table (its primary key leads with the job).
    expect(reads.whole).toBe(0);
    expect(reads.byTime).toBeGreaterThan(0);
  });
});
