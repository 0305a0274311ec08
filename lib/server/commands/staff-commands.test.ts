import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Role } from "@/lib/auth/roles";
import type { UserRow } from "@/lib/db/client";
import { jobRequested } from "@/lib/jobs";
import { uploadDocument } from "@/lib/documents/upload-document";
import { actorOf, countRows, createUser, requestRetiredJob, uniqueId } from "@/test/fixtures";
import { createTestDatabase, type TestDatabase } from "@/test/database";
import type { Actor } from "../session";
import { cancelStaffJob } from "./cancel-staff-job";
import { completeStaffJob } from "./complete-staff-job";
import { requestStaffJob } from "./request-staff-job";

let t: TestDatabase;
let staff: UserRow;
beforeAll(async () => {
  t = await createTestDatabase({ poolMax: 4 });
  staff = await createUser(t.prisma, { role: "staff" });
});
afterAll(async () => {
  await t?.close();
});

const documentTarget = () => ({ type: "document", id: uniqueId("doc") });

async function pendingReview() {
  const { job } = await jobRequested(t.prisma, { target: documentTarget(), jobType: "staff.review-document" });
  return job;
}

describe("who may run staff commands", () => {
  // Every call gets valid input (and a fresh pending job where it needs one),
  // so a refusal can only come from the role check.
  const staffCommands = [
    {
      name: "requestStaffJob",
      needsJob: false,
      call: (actor: Actor | null) =>
        requestStaffJob.run(actor, { jobType: "staff.review-document", target: documentTarget() }, { db: t.prisma }),
    },
    {
      name: "completeStaffJob",
      needsJob: true,
      call: (actor: Actor | null, jobId = "") => completeStaffJob.run(actor, { jobId, note: "Looks fine." }, { db: t.prisma }),
    },
    {
      name: "cancelStaffJob",
      needsJob: true,
      call: (actor: Actor | null, jobId = "") => cancelStaffJob.run(actor, { jobId, reason: "Duplicate." }, { db: t.prisma }),
    },
  ];

  test.each(
    staffCommands.flatMap((cmd) => (["user", "product"] as const).map((role) => ({ label: `${role} calling ${cmd.name}`, cmd, role }))),
  )("$label is forbidden and nothing is written", async ({ cmd, role }) => {
    const caller = await createUser(t.prisma, { role });
    const job = cmd.needsJob ? await pendingReview() : null;
    const before = await countRows(t.prisma);

    const result = await cmd.call(actorOf(caller), job?.id);

    expect(result).toMatchObject({ ok: false, error: { code: "forbidden" } });
    expect(await countRows(t.prisma)).toEqual(before);
    if (job) expect((await t.prisma.job.findUniqueOrThrow({ where: { id: job.id } })).status).toBe("pending");
  });

  test.each(staffCommands)("a signed-out caller of $name gets unauthenticated and nothing is written", async (cmd) => {
    const job = cmd.needsJob ? await pendingReview() : null;
    const before = await countRows(t.prisma);
    await expect(cmd.call(null, job?.id)).resolves.toMatchObject({ ok: false, error: { code: "unauthenticated" } });
    expect(await countRows(t.prisma)).toEqual(before);
  });

  test.each(
    staffCommands.flatMap((cmd) => (["staff", "admin"] as const).map((role) => ({ label: `${role} calling ${cmd.name}`, cmd, role }))),
  )("$label succeeds", async ({ cmd, role }) => {
    const caller = await createUser(t.prisma, { role });
    const job = cmd.needsJob ? await pendingReview() : null;
    await expect(cmd.call(actorOf(caller), job?.id)).resolves.toMatchObject({ ok: true });
  });
});

describe("requestStaffJob", () => {
  test("creates a pending staff job with the note, assignee and priority, recorded as staff's doing", async () => {
    const assignee = await createUser(t.prisma, { role: "staff" });
    const target = documentTarget();
    const dueAt = new Date(Date.now() + 86_400_000);

    const result = await requestStaffJob.run(
      actorOf(staff),
      {
        jobType: "staff.review-document",
        target,
        note: "Blurry scan, check carefully.",
        assigneeId: assignee.id,
        priority: "high",
        dueAt: dueAt.toISOString(),
      },
      { db: t.prisma },
    );

    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const job = await t.prisma.job.findUniqueOrThrow({ where: { id: result.data.jobId }, include: { events: true } });
    expect(job).toMatchObject({
      jobType: "staff.review-document",
      status: "pending",
      targetType: target.type,
      targetId: target.id,
      assignedToId: assignee.id,
      priority: "high",
      dueAt,
      metadata: { note: "Blurry scan, check carefully." },
    });
    expect(job.events).toMatchObject([{ kind: "requested", actorId: staff.id, source: "staff" }]);
  });

  test("a second request for the same target is refused with a message naming the job", async () => {
    const input = { jobType: "staff.review-document", target: documentTarget() };
    expect((await requestStaffJob.run(actorOf(staff), input, { db: t.prisma })).ok).toBe(true);
    const before = await countRows(t.prisma);

    const again = await requestStaffJob.run(actorOf(staff), input, { db: t.prisma });

    expect(again).toMatchObject({
      ok: false,
      error: { code: "duplicate_pending_job", message: expect.stringContaining("Review an uploaded document") },
    });
    expect(await countRows(t.prisma)).toEqual(before);
  });

  test.each<{ label: string; input: Record<string, unknown>; code: string; field: string }>([
    {
      label: "a user-audience job type",
      input: { jobType: "onboarding.read-guide", target: { type: "user", id: "u-1" } },
      code: "not_allowed",
      field: "jobType",
    },
    {
      label: "an unknown job type",
      input: { jobType: "staff.make-coffee", target: { type: "user", id: "u-1" } },
      code: "unknown_job_type",
      field: "jobType",
    },
    {
      label: "a retired job type",
      input: { jobType: "staff.bounced-invite", target: { type: "invite", id: "i-1" } },
      code: "not_allowed",
      field: "jobType",
    },
    {
      label: "a target of the wrong kind",
      input: { jobType: "staff.review-document", target: { type: "user", id: "u-1" } },
      code: "invalid_input",
      field: "target.type",
    },
    { label: "a missing target", input: { jobType: "staff.review-document" }, code: "invalid_input", field: "target" },
    {
      label: "a blank target id",
      input: { jobType: "staff.review-document", target: { type: "document", id: "  " } },
      code: "invalid_input",
      field: "target.id",
    },
    {
      label: "an unknown priority",
      input: { jobType: "staff.review-document", target: { type: "document", id: "d-1" }, priority: "asap" },
      code: "invalid_input",
      field: "priority",
    },
    {
      label: "a due date in the past",
      input: { jobType: "staff.review-document", target: { type: "document", id: "d-1" }, dueAt: "2001-01-01" },
      code: "invalid_input",
      field: "dueAt",
    },
    {
      label: "a due date that is not a date",
      input: { jobType: "staff.review-document", target: { type: "document", id: "d-1" }, dueAt: "next tuesday" },
      code: "invalid_input",
      field: "dueAt",
    },
    {
      label: "an assignee id that is not a uuid",
      input: { jobType: "staff.review-document", target: { type: "document", id: "d-1" }, assigneeId: "bob" },
      code: "invalid_input",
      field: "assigneeId",
    },
  ])("refuses $label with a field error and writes nothing", async ({ input, code, field }) => {
    const before = await countRows(t.prisma);
    const result = await requestStaffJob.run(actorOf(staff), input, { db: t.prisma });
    expect(result).toMatchObject({ ok: false, error: { code, fieldErrors: { [field]: [expect.any(String)] } } });
    expect(await countRows(t.prisma)).toEqual(before);
  });

  test.each<{ label: string; role: Role | null }>([
    { label: "a plain user", role: "user" },
    { label: "a product person", role: "product" },
    { label: "nobody", role: null },
  ])("refuses to assign the job to $label", async ({ role }) => {
    const assigneeId = role ? (await createUser(t.prisma, { role })).id : "0190a0b0-0000-7000-8000-0000000000ee";
    const before = await countRows(t.prisma);
    const result = await requestStaffJob.run(
      actorOf(staff),
      { jobType: "staff.bounced-invites", target: { type: "user", id: uniqueId("u") }, assigneeId },
      { db: t.prisma },
    );
    expect(result).toMatchObject({ ok: false, error: { code: "invalid_input", fieldErrors: { assigneeId: ["Choose a staff member."] } } });
    expect(await countRows(t.prisma)).toEqual(before);
  });
});

describe("completeStaffJob and cancelStaffJob", () => {
  test("staff complete a staff job with a resolution note", async () => {
    const job = await pendingReview();
    const result = await completeStaffJob.run(actorOf(staff), { jobId: job.id, note: "Approved." }, { db: t.prisma });
    expect(result).toEqual({ ok: true, data: { jobId: job.id, status: "completed", changed: true } });
    expect(await t.prisma.job.findUniqueOrThrow({ where: { id: job.id } })).toMatchObject({
      status: "completed",
      completedById: staff.id,
      completionSource: "staff",
      resolutionNote: "Approved.",
    });
  });

  test("staff cancel a staff job with a reason", async () => {
    const job = await pendingReview();
    const result = await cancelStaffJob.run(actorOf(staff), { jobId: job.id, reason: "Uploaded twice." }, { db: t.prisma });
    expect(result).toEqual({ ok: true, data: { jobId: job.id, status: "cancelled", changed: true } });
    expect(await t.prisma.job.findUniqueOrThrow({ where: { id: job.id } })).toMatchObject({
      status: "cancelled",
      resolutionNote: "Uploaded twice.",
    });
  });

  test("cancelling needs a reason", async () => {
    const job = await pendingReview();
    const result = await cancelStaffJob.run(actorOf(staff), { jobId: job.id, reason: " " }, { db: t.prisma });
    expect(result).toMatchObject({ ok: false, error: { code: "invalid_input", fieldErrors: { reason: [expect.any(String)] } } });
  });

  test("a completed job cannot then be cancelled", async () => {
    const job = await pendingReview();
    await completeStaffJob.run(actorOf(staff), { jobId: job.id }, { db: t.prisma });
    const result = await cancelStaffJob.run(actorOf(staff), { jobId: job.id, reason: "Changed my mind." }, { db: t.prisma });
    expect(result).toMatchObject({ ok: false, error: { code: "job_completed" } });
  });

  test.each([
    { label: "completeStaffJob", run: (jobId: string) => completeStaffJob.run(actorOf(staff), { jobId }, { db: t.prisma }) },
    {
      label: "cancelStaffJob",
      run: (jobId: string) => cancelStaffJob.run(actorOf(staff), { jobId, reason: "Not needed." }, { db: t.prisma }),
    },
  ])("$label refuses a user's own job and changes nothing", async ({ run }) => {
    const user = await createUser(t.prisma);
    const { job } = await jobRequested(t.prisma, {
      target: { type: "user", id: user.id },
      jobType: "onboarding.read-guide",
      assignedTo: user.id,
    });
    const before = await countRows(t.prisma);

    const result = await run(job.id);

    expect(result).toMatchObject({ ok: false, error: { code: "not_allowed" } });
    expect(await countRows(t.prisma)).toEqual(before);
    expect((await t.prisma.job.findUniqueOrThrow({ where: { id: job.id } })).status).toBe("pending");
  });

  // Four eyes: a staff member does not close a staff job about themselves or
  // about something of theirs (their document, their invitation).
  const ownTargets = [
    {
      label: "a refused-upload job about themselves",
      make: async (me: UserRow) =>
        (await jobRequested(t.prisma, { target: { type: "user", id: me.id }, jobType: "staff.rejected-upload" })).job,
    },
    {
      label: "the review of their own document",
      make: async (me: UserRow) => {
        const doc = await uploadDocument(t.prisma, me.id, {
          name: "mine.pdf",
          type: "application/pdf",
          bytes: new TextEncoder().encode("%PDF-1.4 mine"),
        });
        return t.prisma.job.findFirstOrThrow({ where: { targetType: "document", targetId: doc.id } });
      },
    },
    {
      label: "a bounced-invite job about their own invitation",
      make: async (me: UserRow) => {
        const invite = await t.prisma.invite.create({
          data: { inviterId: me.id, email: `friend-${uniqueId()}@example.com`, status: "bounced" },
        });
        // Retired, but such jobs still drain from their queue.
        return requestRetiredJob(t.prisma, { target: { type: "invite", id: invite.id }, jobType: "staff.bounced-invite" });
      },
    },
  ];
  const finishers = [
    {
      verb: "complete",
      run: (actor: UserRow, jobId: string) => completeStaffJob.run(actorOf(actor), { jobId, note: "Done." }, { db: t.prisma }),
    },
    {
      verb: "cancel",
      run: (actor: UserRow, jobId: string) => cancelStaffJob.run(actorOf(actor), { jobId, reason: "Not needed." }, { db: t.prisma }),
    },
  ];
  test.each(ownTargets.flatMap((target) => finishers.map((finisher) => ({ label: `${finisher.verb} ${target.label}`, target, finisher }))))(
    "staff cannot $label: not_allowed, nothing written; a colleague can",
    async ({ target, finisher }) => {
      const me = await createUser(t.prisma, { role: "staff" });
      const job = await target.make(me);
      const before = await countRows(t.prisma);

      const result = await finisher.run(me, job.id);

      expect(result).toMatchObject({ ok: false, error: { code: "not_allowed", message: expect.stringMatching(/another staff member/) } });
      expect(await countRows(t.prisma)).toEqual(before);
      expect((await t.prisma.job.findUniqueOrThrow({ where: { id: job.id } })).status).toBe("pending");
      await expect(finisher.run(staff, job.id)).resolves.toMatchObject({ ok: true });
    },
  );
});
