import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { verifyPassword } from "@/lib/auth/password";
import { createTestDatabase, type TestDatabase } from "@/test/database";
import { DEMO_ACCOUNTS, DEMO_PASSWORD, seed } from "@/prisma/seed";
import { jobEventsTable, jobsTable } from "@/lib/jobs/job-sql";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.close();
});

describe("the demo seed", () => {
  test("creates one account per role that signs in with the printed password, and a realistic spread of jobs", async () => {
    expect(await seed(t.url, { people: 400, log: () => undefined })).toBe(true);

    for (const account of DEMO_ACCOUNTS) {
      const user = await t.prisma.user.findUniqueOrThrow({ where: { email: account.email } });
      expect(user.role).toBe(account.role);
      expect(await verifyPassword(DEMO_PASSWORD, user.passwordHash)).toBe(true);
    }

    // Ada went through sign-up: five onboarding jobs, email verified.
    const ada = await t.prisma.user.findUniqueOrThrow({ where: { email: "user@jtbd.test" } });
    const adaJobs = await t.prisma.job.findMany({ where: { assignedToId: ada.id } });
    expect(adaJobs).toHaveLength(5);
    // Her teammates accepted her invitations: "invite a teammate" completed itself.
    expect(
      adaJobs
        .filter((j) => j.status === "completed")
        .map((j) => [j.jobType, j.completionSource])
        .sort(),
    ).toEqual([
      ["onboarding.invite-teammate", "auto"],
      ["onboarding.verify-email", "auto"],
    ]);

    // Teams: Ada's has her teammates (so its "invite two teammates" is done), every person is in
    // exactly one organisation, and the crowd has teams of several people with owners and admins.
    const adaTeam = await t.prisma.membership.findUniqueOrThrow({ where: { userId: ada.id }, include: { organisation: true } });
    expect(adaTeam.role).toBe("owner");
    const mates = await t.prisma.membership.findMany({
      where: { organisationId: adaTeam.organisationId },
      select: { role: true, user: { select: { email: true } } },
    });
    expect(mates.map((m) => [m.user.email, m.role]).sort()).toEqual([
      ["ben@jtbd.test", "admin"],
      ["cleo@jtbd.test", "member"],
      ["user@jtbd.test", "owner"],
    ]);
    expect(
      await t.prisma.job.findFirstOrThrow({
        where: { targetType: "organisation", targetId: adaTeam.organisationId, jobType: "organisation.invite-two-teammates" },
      }),
    ).toMatchObject({ status: "completed", completionSource: "auto", assignedToId: null });
    const [teams] = await t.prisma.$queryRaw<[{ outside: number; big: number; owners: number; orgs: number }]>`
      SELECT (SELECT count(*)::int FROM users u WHERE NOT EXISTS (SELECT 1 FROM memberships m WHERE m.user_id = u.id)) AS outside,
             (SELECT count(*)::int FROM (SELECT organisation_id FROM memberships GROUP BY 1 HAVING count(*) >= 3) big) AS big,
             (SELECT count(DISTINCT organisation_id)::int FROM memberships WHERE role = 'owner') AS owners,
             (SELECT count(*)::int FROM organisations) AS orgs`;
    expect(teams.outside).toBe(0);
    expect(teams.big).toBeGreaterThan(5);
    expect(teams.owners).toBe(teams.orgs);
    const teamSteps = await t.prisma.job.groupBy({ by: ["jobType", "status"], where: { targetType: "organisation" }, _count: true });
    for (const jobType of ["organisation.add-company-details", "organisation.invite-two-teammates"]) {
      for (const status of ["pending", "completed"] as const) {
        expect(teamSteps.find((g) => g.jobType === jobType && g.status === status)?._count ?? 0).toBeGreaterThan(5);
      }
    }

    const byStatus = await t.prisma.job.groupBy({ by: ["status"], where: { jobType: { startsWith: "onboarding." } }, _count: true });
    const counts = Object.fromEntries(byStatus.map((g) => [g.status, g._count]));
    for (const status of ["pending", "completed", "cancelled", "expired"]) expect(counts[status]).toBeGreaterThan(10);

    const staff = await t.prisma.job.groupBy({
      by: ["jobType"],
      where: { jobType: { startsWith: "staff." }, status: "pending" },
      _count: true,
    });
    expect(staff.length).toBeGreaterThanOrEqual(3);
    expect(
      await t.prisma.job.count({ where: { jobType: { startsWith: "staff." }, status: "pending", dueAt: { lt: new Date() } } }),
    ).toBeGreaterThan(0);

    // Every job has its "requested" event and every finished job its ending.
    const [{ missing }] = await t.prisma.$queryRaw<[{ missing: number }]>`
      SELECT count(*)::int AS missing FROM ${jobsTable} j
      WHERE NOT EXISTS (SELECT 1 FROM ${jobEventsTable} e WHERE e.job_id = j.id AND e.kind = 'requested')
         OR (j.status <> 'pending' AND NOT EXISTS (SELECT 1 FROM ${jobEventsTable} e WHERE e.job_id = j.id AND e.kind::text = j.status::text))`;
    expect(missing).toBe(0);
    // The crowd's history includes its notifications: requested, reminders for
    // jobs that waited over a day (so the worker's first scan does not send
    // thousands of reminders at once), some read, some actioned.
    const [{ unreminded }] = await t.prisma.$queryRaw<[{ unreminded: number }]>`
      SELECT count(*)::int AS unreminded FROM ${jobsTable} j
      WHERE j.job_type LIKE 'onboarding.%' AND j.status = 'pending' AND j.created_at < now() - interval '25 hours'
        AND NOT EXISTS (SELECT 1 FROM notifications n WHERE n.job_id = j.id AND n.rule = 'reminder-24h')`;
    expect(unreminded).toBe(0);
    const notes = await t.prisma.notification.groupBy({ by: ["channel"], _count: { readAt: true, actionedAt: true, _all: true } });
    expect(notes.map((n) => n.channel).sort()).toEqual(["email", "in_app"]);
    for (const n of notes) expect(n._count.actionedAt).toBeGreaterThan(0);
    // Ada's own sign-up went through the receivers.
    expect(await t.prisma.notification.count({ where: { recipientId: ada.id } })).toBeGreaterThan(0);

    // Invitations as sendInvite and their delivery leave them: each has its
    // delivery job (completed when sent, cancelled when bounced) with its email
    // to the invitee; bounces are one pending staff job per inviter, and no
    // job of the retired per-invite type is made.
    const [invites] = await t.prisma.$queryRaw<[{ total: number; bounced: number; mismatched: number; unmailed: number }]>`
      SELECT count(*)::int AS total, count(*) FILTER (WHERE i.status = 'bounced')::int AS bounced,
             count(*) FILTER (WHERE j.id IS NULL OR j.status::text <> CASE i.status WHEN 'sent' THEN 'completed' WHEN 'bounced' THEN 'cancelled' END)::int AS mismatched,
             count(*) FILTER (WHERE NOT EXISTS (
               SELECT 1 FROM notifications n WHERE n.job_id = j.id AND n.to_address = i.email AND n.template_key = 'invitation'
                 AND n.status::text = CASE i.status WHEN 'sent' THEN 'sent' ELSE 'failed' END))::int AS unmailed
      FROM invites i
      LEFT JOIN ${jobsTable} j ON j.job_type = 'invites.deliver-invitation' AND j.target_type = 'invite' AND j.target_id = i.id::text
      -- The crowd's invitations; Ada's accepted ones are made by the seed itself, without an email.
      WHERE i.status IN ('sent', 'bounced')`;
    expect(invites.total).toBeGreaterThan(50);
    expect(invites.bounced).toBeGreaterThan(3);
    expect(invites).toMatchObject({ mismatched: 0, unmailed: 0 });
    const [bounces] = await t.prisma.$queryRaw<[{ inviters: number; staffJobs: number; perInviter: number }]>`
      SELECT (SELECT count(DISTINCT inviter_id)::int FROM invites WHERE status = 'bounced') AS inviters,
             (SELECT count(*)::int FROM ${jobsTable} WHERE job_type = 'staff.bounced-invites' AND status = 'pending') AS "staffJobs",
             (SELECT count(*)::int FROM ${jobsTable} j JOIN invites i ON i.inviter_id::text = j.target_id AND i.status = 'bounced'
               WHERE j.job_type = 'staff.bounced-invites' AND j.target_type = 'user' AND j.metadata->'context'->>'inviteId' = i.id::text) AS "perInviter"`;
    expect(bounces).toEqual({ inviters: bounces.staffJobs, staffJobs: bounces.perInviter, perInviter: bounces.inviters });
    expect(await t.prisma.job.count({ where: { jobType: "staff.bounced-invite" } })).toBe(0);

    // No pending job is past its expiry: the crowd is generated as the sweep would leave it.
    expect(await t.prisma.job.count({ where: { status: "pending", expiresAt: { lte: new Date() } } })).toBe(0);
  });

  test("a second run on a database with users writes nothing", async () => {
    const before = await t.prisma.job.count();
    expect(await seed(t.url, { people: 10, log: () => undefined })).toBe(false);
    expect(await t.prisma.job.count()).toBe(before);
  });
});
