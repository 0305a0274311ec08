import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { requestOnboardingJobs } from "@/lib/accounts/onboarding";
import { reportException } from "@/lib/jobs";
import { acceptMyInvite } from "@/lib/server/commands/accept-my-invite";
import { createInviteToken } from "@/lib/notifications/invite-token";
import { signTokenBody } from "@/lib/notifications/signed-token";
import { getTeamTodoList } from "@/lib/server/queries/team-todo-list";
import { startOrganisation } from "@/lib/organisations/start-organisation";
import { createTestDatabase, type TestDatabase } from "@/test/database";
import { actorOf, createUser } from "@/test/fixtures";
import { acceptInvite } from "./accept-invite";
import { getInvitation } from "./get-invitation";

// Accepting an invitation on a real PostgreSQL: the invitee joins the
// inviter's organisation and the inviter's "invite a teammate" job completes
// with source auto, in one transaction; the link works once, until it
// expires, and only for the address it was sent to.

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase({ poolMax: 6 });
});
afterAll(async () => {
  await t?.close();
});

/** A person who signed up: onboarding jobs, their own organisation as owner. */
async function signedUp(name: string) {
  const user = await createUser(t.prisma, {
    name,
    email: `${name.toLowerCase().replace(/\W+/g, ".")}.${crypto.randomUUID().slice(0, 8)}@example.com`,
  });
  await requestOnboardingJobs(t.prisma, user.id);
  const organisation = await startOrganisation(t.prisma, user);
  return { ...user, organisationId: organisation.id };
}

/** An invitation as sendInvite stores it once delivered (the email itself is invites.test.ts's). */
async function invitation(inviterId: string, email: string, options: { expiresAt?: Date } = {}) {
  const invite = await t.prisma.invite.create({ data: { inviterId, email, status: "sent", ...options } });
  return { invite, token: createInviteToken(invite.id) };
}

const inviteJobOf = (userId: string) =>
  t.prisma.job.findFirstOrThrow({ where: { targetType: "user", targetId: userId, jobType: "onboarding.invite-teammate" } });
const membershipOf = (userId: string) => t.prisma.membership.findUnique({ where: { userId } });

describe("accepting an invitation", () => {
  test("joins the inviter's organisation as a member, completes the inviter's job with source auto, and closes the invitee's empty team", async () => {
    const inviter = await signedUp("Ines Inviter");
    const invitee = await signedUp("Theo Teammate");
    const { invite, token } = await invitation(inviter.id, invitee.email);
    expect(await getInvitation(t.prisma, token)).toMatchObject({
      organisationName: "Ines Inviter's team",
      inviterName: "Ines Inviter",
      email: invitee.email,
      state: "open",
    });

    const accepted = await acceptInvite(t.prisma, invitee, token);

    expect(accepted).toEqual({ organisationId: inviter.organisationId, organisationName: "Ines Inviter's team", joined: true });
    expect(await membershipOf(invitee.id)).toMatchObject({ organisationId: inviter.organisationId, role: "member" });
    expect(await t.prisma.invite.findUniqueOrThrow({ where: { id: invite.id } })).toMatchObject({
      status: "accepted",
      acceptedById: invitee.id,
      acceptedAt: expect.any(Date),
    });
    const job = await inviteJobOf(inviter.id);
    expect(job).toMatchObject({ status: "completed", completionSource: "auto", metadata: { inviteId: invite.id } });
    // The team the invitee signed up with had only them: it is gone, and its steps were cancelled, not left pending.
    expect(await t.prisma.organisation.findUnique({ where: { id: invitee.organisationId } })).toBeNull();
    expect(
      await t.prisma.job.findMany({ where: { targetType: "organisation", targetId: invitee.organisationId }, select: { status: true } }),
    ).toEqual([{ status: "cancelled" }, { status: "cancelled" }]);
    // The invitee now sees the inviter's team's list; the page says the link is used.
    expect(await getTeamTodoList(t.prisma, invitee.id)).toMatchObject({ organisation: { id: inviter.organisationId }, role: "member" });
    expect(await getInvitation(t.prisma, token)).toMatchObject({ state: "accepted" });
  });

  test("the membership, the invite and the inviter's job change in one transaction: rolled back, none of them did", async () => {
    const inviter = await signedUp("Rita Rollback");
    const invitee = await signedUp("Rob Rollback");
    const { invite, token } = await invitation(inviter.id, invitee.email);
    const failure = new Error("the caller's transaction fails after the acceptance");
    await expect(
      t.prisma.$transaction(async (tx) => {
        expect(await acceptInvite(tx, invitee, token)).toMatchObject({ joined: true });
        // Inside the transaction all three changed…
        expect(await tx.membership.findUnique({ where: { userId: invitee.id } })).toMatchObject({ organisationId: inviter.organisationId });
        throw failure;
      }),
    ).rejects.toBe(failure);
    // …and after the rollback none did.
    expect(await membershipOf(invitee.id)).toMatchObject({ organisationId: invitee.organisationId, role: "owner" });
    expect(await t.prisma.invite.findUniqueOrThrow({ where: { id: invite.id } })).toMatchObject({ status: "sent", acceptedById: null });
    expect(await inviteJobOf(inviter.id)).toMatchObject({ status: "pending" });
    expect(await t.prisma.organisation.findUnique({ where: { id: invitee.organisationId } })).not.toBeNull();
  });

  test("works once: the same person again changes nothing; anyone else is refused", async () => {
    const inviter = await signedUp("Una Once");
    const invitee = await signedUp("Ola Once");
    const { token } = await invitation(inviter.id, invitee.email);
    await acceptInvite(t.prisma, invitee, token);
    expect(await acceptInvite(t.prisma, invitee, token)).toMatchObject({ organisationId: inviter.organisationId, joined: false });

    // Someone else signed in with the same address (changed since): still refused, the invitation is spent.
    const later = await signedUp("Lee Later");
    await expect(acceptInvite(t.prisma, { id: later.id, email: invitee.email }, token)).rejects.toMatchObject({ code: "conflict" });
    expect(await membershipOf(later.id)).toMatchObject({ organisationId: later.organisationId });
  });

  test("two presses at the same moment join once and complete the job once", async () => {
    const inviter = await signedUp("Cora Concurrent");
    const invitee = await signedUp("Cal Concurrent");
    const { token } = await invitation(inviter.id, invitee.email);
    const results = await Promise.all(Array.from({ length: 5 }, () => acceptInvite(t.prisma, invitee, token)));
    expect(results.filter((r) => r.joined)).toHaveLength(1);
    const events = await t.prisma.jobEvent.count({ where: { jobId: (await inviteJobOf(inviter.id)).id, kind: "completed" } });
    expect(events).toBe(1);
  });

  test("an expired invitation is refused and changes nothing", async () => {
    const inviter = await signedUp("Eve Expired");
    const invitee = await signedUp("Ed Expired");
    const { invite, token } = await invitation(inviter.id, invitee.email, { expiresAt: new Date(Date.now() - 1000) });
    expect(await getInvitation(t.prisma, token)).toMatchObject({ state: "expired" });
    await expect(acceptInvite(t.prisma, invitee, token)).rejects.toMatchObject({
      code: "not_allowed",
      userMessage: expect.stringMatching(/expired/),
    });
    expect(await membershipOf(invitee.id)).toMatchObject({ organisationId: invitee.organisationId, role: "owner" });
    expect(await t.prisma.invite.findUniqueOrThrow({ where: { id: invite.id } })).toMatchObject({ status: "sent", acceptedById: null });
    expect(await inviteJobOf(inviter.id)).toMatchObject({ status: "pending" });
  });

  test("a signed-in account with another email is refused, however it got the link", async () => {
    const inviter = await signedUp("Wanda Wrong");
    const intended = `intended-${crypto.randomUUID().slice(0, 8)}@example.com`;
    const other = await signedUp("Walt Wrong");
    const { token } = await invitation(inviter.id, intended);
    const result = await acceptMyInvite.run(actorOf(other), { token }, { db: t.prisma });
    expect(result).toMatchObject({ ok: false, error: { code: "not_allowed", message: expect.stringMatching(/different email address/) } });
    expect(await membershipOf(other.id)).toMatchObject({ organisationId: other.organisationId });
    expect(await inviteJobOf(inviter.id)).toMatchObject({ status: "pending" });
    // The address compares without regard to case (invites are stored lowercased).
    const intendedUser = await signedUp("Ivy Intended");
    await t.prisma.user.update({ where: { id: intendedUser.id }, data: { email: intended.toUpperCase() } });
    expect(await acceptInvite(t.prisma, { id: intendedUser.id, email: intended.toUpperCase() }, token)).toMatchObject({ joined: true });
  });

  test.each([
    ["a token we did not sign", () => signTokenBody("invitation", crypto.randomUUID(), "another secret that is long enough to count")],
    ["a token for another purpose", () => signTokenBody("password-reset", crypto.randomUUID())],
    ["a well-signed token for an invite that does not exist", () => createInviteToken(crypto.randomUUID())],
    ["not a token at all", () => "not-a-token"],
  ])("%s: not_found, and the page says the link is not valid", async (_label, token) => {
    const invitee = await signedUp("Nat Notfound");
    const value = token();
    await expect(acceptInvite(t.prisma, invitee, value)).rejects.toMatchObject({ code: "not_found" });
    expect(await getInvitation(t.prisma, value)).toBeNull();
  });

  test("the third member completes the organisation's 'invite two teammates' with source auto", async () => {
    const owner = await signedUp("Tess Three");
    const step = () =>
      t.prisma.job.findFirstOrThrow({
        where: { targetType: "organisation", targetId: owner.organisationId, jobType: "organisation.invite-two-teammates" },
      });
    for (const [i, name] of ["Second Person", "Third Person"].entries()) {
      const invitee = await signedUp(name);
      const { token } = await invitation(owner.id, invitee.email);
      await acceptInvite(t.prisma, invitee, token);
      expect(await step()).toMatchObject(
        i === 0 ? { status: "pending" } : { status: "completed", completionSource: "auto", metadata: { members: 3 } },
      );
    }
    const list = await getTeamTodoList(t.prisma, owner.id);
    expect(list!.steps.find((s) => s.jobType === "organisation.invite-two-teammates")).toMatchObject({
      state: "done",
      doneAutomatically: true,
      doneBy: null,
    });
  });

  test("an owner who leaves a team with others in it hands it on: its admin becomes owner", async () => {
    const inviter = await signedUp("Hana Host");
    const leaver = await signedUp("Lars Leaver");
    const admin = await createUser(t.prisma, { name: "Ada Heir" });
    await t.prisma.membership.create({ data: { userId: admin.id, organisationId: leaver.organisationId, role: "admin" } });
    const { token } = await invitation(inviter.id, leaver.email);
    await acceptInvite(t.prisma, leaver, token);
    expect(await membershipOf(admin.id)).toMatchObject({ organisationId: leaver.organisationId, role: "owner" });
    expect(await t.prisma.job.count({ where: { targetType: "organisation", targetId: leaver.organisationId, status: "pending" } })).toBe(2);
  });
});

describe("a bounce accepted after all", () => {
  test("an invitation that bounced (its outcome unknown) and is accepted completes the inviter's bounced-invitations job (source auto) once no other bounce is left", async () => {
    const inviter = await signedUp("Una Unknown");
    const [first, second] = [await signedUp("Fay First"), await signedUp("Sol Second")];
    // Both shown bounced as the delivery receivers do it: "outcome unknown", and staff asked (the second report counts on the job).
    const bounced = [];
    for (const invitee of [first, second]) {
      const { invite, token } = await invitation(inviter.id, invitee.email);
      await t.prisma.invite.update({ where: { id: invite.id }, data: { status: "bounced", bounce: "Outcome unknown" } });
      await reportException(t.prisma, {
        jobType: "staff.bounced-invites",
        target: { type: "user", id: inviter.id },
        error: new Error("Outcome unknown"),
        context: { inviteId: invite.id, email: invite.email },
        sender: "invites.delivery",
      });
      bounced.push({ invitee, invite, token });
    }
    const staffJob = () => t.prisma.job.findFirstOrThrow({ where: { jobType: "staff.bounced-invites", targetId: inviter.id } });
    expect(await staffJob()).toMatchObject({ status: "pending", occurrences: 2 });

    // The first arrived after all: one bounce is answered, the other is not.
    await acceptInvite(t.prisma, bounced[0]!.invitee, bounced[0]!.token);
    expect(await staffJob()).toMatchObject({ status: "pending" });

    await acceptInvite(t.prisma, bounced[1]!.invitee, bounced[1]!.token);
    expect(await staffJob()).toMatchObject({
      status: "completed",
      completionSource: "auto",
      resolutionNote: "Every invitation that bounced has since been delivered or accepted.",
      metadata: { inviteId: bounced[1]!.invite.id },
    });
  });
});
