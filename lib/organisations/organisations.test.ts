import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { registerAccount } from "@/lib/accounts/register-account";
import { signUp } from "@/lib/accounts/sign-up";
import type { UserRow } from "@/lib/db/client";
import { completeMyJob } from "@/lib/server/commands/complete-my-job";
import { dismissMyJob } from "@/lib/server/commands/dismiss-my-job";
import { saveMyCompanyDetails } from "@/lib/server/commands/save-my-company-details";
import { setMyMemberRole } from "@/lib/server/commands/set-my-member-role";
import { getMyOrganisation } from "@/lib/server/queries/my-organisation";
import { getTeamTodoList } from "@/lib/server/queries/team-todo-list";
import { getTodoList } from "@/lib/server/queries/todo-list";
import { createTestDatabase, type TestDatabase } from "@/test/database";
import { actorOf, createUser } from "@/test/fixtures";
import type { OrganisationRole } from "./organisation-roles";
import { startOrganisation } from "./start-organisation";

// Organisations against a real PostgreSQL: sign-up makes one, its onboarding
// jobs are about it and assigned to nobody, and who may see and do them is
// the host's membership, checked on every read and write. A member of one
// organisation never sees nor completes another's.

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase({ poolMax: 4 });
});
afterAll(async () => {
  await t?.close();
});

const DETAILS = { name: "Acme Ltd", website: "https://acme.example", industry: "Logistics" };

/** An organisation with an owner, an admin and a member; and a person in no organisation. */
async function team() {
  const owner = await createUser(t.prisma, { name: "Olive Owner" });
  const organisation = await startOrganisation(t.prisma, owner);
  const join = async (name: string, role: OrganisationRole) => {
    const user = await createUser(t.prisma, { name });
    await t.prisma.membership.create({ data: { userId: user.id, organisationId: organisation.id, role } });
    return user;
  };
  return { organisation, owner, admin: await join("Adam Admin", "admin"), member: await join("Mia Member", "member") };
}

const teamJob = (organisationId: string, jobType: string) =>
  t.prisma.job.findFirstOrThrow({ where: { targetType: "organisation", targetId: organisationId, jobType } });

describe("sign-up", () => {
  test("makes the person's own organisation, named after them, with them as owner, and requests its steps for nobody in particular", async () => {
    const user = await signUp(t.prisma, {
      name: "Ann Lee",
      email: `ann-${crypto.randomUUID()}@example.com`,
      password: "a long enough password",
    });
    const membership = await t.prisma.membership.findUniqueOrThrow({ where: { userId: user.id }, include: { organisation: true } });
    expect(membership).toMatchObject({ role: "owner", organisation: { name: "Ann Lee's team" } });
    const jobs = await t.prisma.job.findMany({
      where: { targetType: "organisation", targetId: membership.organisationId },
      orderBy: { jobType: "asc" },
    });
    expect(jobs.map((j) => [j.jobType, j.status, j.assignedToId])).toEqual([
      ["organisation.add-company-details", "pending", null],
      ["organisation.invite-two-teammates", "pending", null],
    ]);
    // Not on the person's own list: the team's jobs are a list of their own.
    expect((await getTodoList(t.prisma, user.id)).pending.map((p) => p.jobType)).not.toContain("organisation.add-company-details");
    expect(await getTeamTodoList(t.prisma, user.id)).toMatchObject({
      organisation: { name: "Ann Lee's team" },
      role: "owner",
      done: 0,
      total: 2,
    });
  });

  test("the public sign-up form's path (registerAccount) makes it too; a taken address makes none", async () => {
    const email = `reg-${crypto.randomUUID()}@example.com`;
    const input = { name: "Reg Ister", email, password: "a long enough password" };
    const first = await registerAccount(t.prisma, input, { clientAddress: "203.0.113.9" });
    expect(first.outcome).toBe("created");
    expect(await t.prisma.membership.findUniqueOrThrow({ where: { userId: first.userId }, include: { organisation: true } })).toMatchObject(
      {
        role: "owner",
        organisation: { name: "Reg Ister's team" },
      },
    );
    const organisations = await t.prisma.organisation.count();
    expect(await registerAccount(t.prisma, input, { clientAddress: "203.0.113.9" })).toMatchObject({ outcome: "existing" });
    expect(await t.prisma.organisation.count()).toBe(organisations);
  });

  test("a person is in one organisation at most: the database refuses a second membership", async () => {
    const { owner } = await team();
    const other = await startOrganisation(t.prisma, await createUser(t.prisma));
    await expect(
      t.prisma.membership.create({ data: { userId: owner.id, organisationId: other.id, role: "member" } }),
    ).rejects.toMatchObject({
      code: "P2002",
    });
  });
});

describe("who sees and does an organisation's jobs", () => {
  type Who = "owner" | "admin" | "member" | "non-member" | "member of another organisation";
  // sees: the job is on their team list; canAct: it is theirs to do; save: what saving company details does to THIS organisation.
  const cases: { who: Who; sees: boolean; canAct: boolean; save: "completes" | "not_allowed" | "not_found" | "untouched" }[] = [
    { who: "owner", sees: true, canAct: true, save: "completes" },
    { who: "admin", sees: true, canAct: true, save: "completes" },
    { who: "member", sees: true, canAct: false, save: "not_allowed" },
    { who: "non-member", sees: false, canAct: false, save: "not_found" },
    // Saves their own organisation's details (and completes its job), never this one's.
    { who: "member of another organisation", sees: false, canAct: false, save: "untouched" },
  ];

  async function person(who: Who, t0: Awaited<ReturnType<typeof team>>): Promise<UserRow> {
    if (who === "owner") return t0.owner;
    if (who === "admin") return t0.admin;
    if (who === "member") return t0.member;
    const user = await createUser(t.prisma, { name: "Outsider" });
    if (who === "member of another organisation") await startOrganisation(t.prisma, user);
    return user;
  }

  test.each(cases)("$who: sees it $sees, may do it $canAct, saving the details → $save", async ({ who, sees, canAct, save }) => {
    const t0 = await team();
    const user = await person(who, t0);
    const job = await teamJob(t0.organisation.id, "organisation.add-company-details");

    const list = await getTeamTodoList(t.prisma, user.id);
    const item = list?.steps.find((s) => s.id === job.id);
    expect(item !== undefined).toBe(sees);
    if (item) expect(item.canAct).toBe(canAct);
    // Nobody else's organisation is named to them either.
    if (!sees) expect(list?.organisation.id).not.toBe(t0.organisation.id);

    // The todo list's own tick and dismiss never reach a team job, whoever asks: answered like a missing job.
    for (const cmd of [completeMyJob, dismissMyJob]) {
      expect(await cmd.run(actorOf(user), { jobId: job.id }, { db: t.prisma })).toMatchObject({ ok: false, error: { code: "not_found" } });
    }

    const result = await saveMyCompanyDetails.run(actorOf(user), DETAILS, { db: t.prisma });
    const after = await teamJob(t0.organisation.id, "organisation.add-company-details");
    const organisation = await t.prisma.organisation.findUniqueOrThrow({ where: { id: t0.organisation.id } });
    if (save === "completes") {
      expect(result).toMatchObject({ ok: true, data: { name: "Acme Ltd" } });
      expect(after).toMatchObject({ status: "completed", completedById: user.id, completionSource: "user" });
      expect(organisation).toMatchObject(DETAILS);
    } else {
      if (save !== "untouched") expect(result).toMatchObject({ ok: false, error: { code: save } });
      expect(after).toMatchObject({ status: "pending", completedById: null });
      expect(organisation).toMatchObject({ name: "Olive Owner's team", website: null, industry: null });
    }
  });

  test("one admin does it; every member's list shows it done, by whom, and the progress of both lists", async () => {
    const t0 = await team();
    await saveMyCompanyDetails.run(actorOf(t0.admin), DETAILS, { db: t.prisma });
    for (const user of [t0.owner, t0.admin, t0.member]) {
      const list = await getTeamTodoList(t.prisma, user.id);
      expect(list).toMatchObject({ organisation: { name: "Acme Ltd" }, done: 1, total: 2 });
      expect(list!.steps.map((s) => [s.jobType, s.state, s.doneBy])).toEqual([
        ["organisation.add-company-details", "done", "Adam Admin"],
        ["organisation.invite-two-teammates", "pending", null],
      ]);
    }
    // Saving again changes the details and leaves the job as it was done.
    expect(await saveMyCompanyDetails.run(actorOf(t0.owner), { ...DETAILS, industry: "Freight" }, { db: t.prisma })).toMatchObject({
      ok: true,
    });
    expect(await teamJob(t0.organisation.id, "organisation.add-company-details")).toMatchObject({ completedById: t0.admin.id });
  });

  test("the team page's read model lists only the viewer's own organisation, owners first", async () => {
    const a = await team();
    const b = await team();
    const seen = await getMyOrganisation(t.prisma, a.member.id);
    expect(seen).toMatchObject({ id: a.organisation.id, role: "member", memberCount: 3 });
    expect(seen!.members.map((m) => [m.name, m.role])).toEqual([
      ["Olive Owner", "owner"],
      ["Adam Admin", "admin"],
      ["Mia Member", "member"],
    ]);
    expect(seen!.members.map((m) => m.id)).not.toContain(b.owner.id);
    expect(await getMyOrganisation(t.prisma, (await createUser(t.prisma)).id)).toBeNull();
  });

  test("bad company details are refused with field errors, and nothing changes", async () => {
    const t0 = await team();
    const result = await saveMyCompanyDetails.run(
      actorOf(t0.owner),
      { name: " ", website: "javascript:alert(1)", industry: "x" },
      { db: t.prisma },
    );
    expect(result).toMatchObject({
      ok: false,
      error: { code: "invalid_input", fieldErrors: { name: expect.any(Array), website: expect.any(Array) } },
    });
    expect(await teamJob(t0.organisation.id, "organisation.add-company-details")).toMatchObject({ status: "pending" });
  });
});

describe("who may change a member's role", () => {
  type Who = "owner" | "admin" | "member" | "non-member" | "owner of another organisation";
  const cases: {
    who: Who;
    target: "member" | "admin" | "owner";
    to: "admin" | "member";
    result: "changes" | "not_allowed" | "not_found";
  }[] = [
    { who: "owner", target: "member", to: "admin", result: "changes" },
    { who: "owner", target: "admin", to: "member", result: "changes" },
    // A team always has its owner.
    { who: "owner", target: "owner", to: "member", result: "not_allowed" },
    { who: "admin", target: "member", to: "admin", result: "not_allowed" },
    { who: "member", target: "member", to: "admin", result: "not_allowed" },
    { who: "non-member", target: "member", to: "admin", result: "not_allowed" },
    // Owns a team, but not this one: this team's people are not theirs to find.
    { who: "owner of another organisation", target: "member", to: "admin", result: "not_found" },
  ];

  test.each(cases)("$who makes the $target $to → $result", async ({ who, target, to, result }) => {
    const t0 = await team();
    const actor =
      who === "owner"
        ? t0.owner
        : who === "admin"
          ? t0.admin
          : who === "member"
            ? t0.member
            : await createUser(t.prisma, { name: "Outsider" });
    if (who === "owner of another organisation") await startOrganisation(t.prisma, actor);
    const person = target === "owner" ? t0.owner : target === "admin" ? t0.admin : t0.member;
    const before = await t.prisma.membership.findUniqueOrThrow({ where: { userId: person.id } });

    const answer = await setMyMemberRole.run(actorOf(actor), { userId: person.id, role: to }, { db: t.prisma });

    const after = await t.prisma.membership.findUniqueOrThrow({ where: { userId: person.id } });
    if (result === "changes") {
      expect(answer).toMatchObject({ ok: true, data: { userId: person.id, role: to } });
      expect(after.role).toBe(to);
    } else {
      expect(answer).toMatchObject({ ok: false, error: { code: result } });
      expect(after).toEqual(before);
    }
  });

  test("a member made admin may then do the admins' team job; made member again, may not", async () => {
    const t0 = await team();
    expect(await setMyMemberRole.run(actorOf(t0.owner), { userId: t0.member.id, role: "admin" }, { db: t.prisma })).toMatchObject({
      ok: true,
    });
    const list = await getTeamTodoList(t.prisma, t0.member.id);
    expect(list!.steps.find((s) => s.jobType === "organisation.add-company-details")).toMatchObject({ canAct: true });
    await setMyMemberRole.run(actorOf(t0.owner), { userId: t0.member.id, role: "member" }, { db: t.prisma });
    expect(await saveMyCompanyDetails.run(actorOf(t0.member), DETAILS, { db: t.prisma })).toMatchObject({
      ok: false,
      error: { code: "not_allowed" },
    });
  });
});
