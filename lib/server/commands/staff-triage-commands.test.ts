import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { UserRow } from "@/lib/db/client";
import { uploadDocument } from "@/lib/documents/upload-document";
import { jobCompleted, jobRequested, jobTypeKey } from "@/lib/jobs";
import { actorOf, countRows, createUser, uniqueId } from "@/test/fixtures";
import { createTestDatabase, type TestDatabase } from "@/test/database";
import type { Actor } from "../session";
import { assignStaffJob } from "./assign-staff-job";
import { bulkStaffJobAction } from "./bulk-staff-job-action";
import { claimStaffJob } from "./claim-staff-job";
import { reviewStaffDocument } from "./review-staff-document";
import { unassignStaffJob } from "./unassign-staff-job";

// The staff triage actions: who may run them, what they refuse, and what they
// do to jobs — including two people claiming at once and bulk actions where
// some jobs fail.

let t: TestDatabase;
let staff: UserRow;
let colleague: UserRow;
beforeAll(async () => {
  t = await createTestDatabase({ poolMax: 6 });
  [staff, colleague] = await Promise.all([createUser(t.prisma, { role: "staff" }), createUser(t.prisma, { role: "staff" })]);
});
afterAll(async () => {
  await t?.close();
});

const opts = () => ({ db: t.prisma });
const NO_SUCH_JOB = "0190a0b0-0000-7000-8000-0000000000ff";

async function pendingReview(options: { assignedTo?: string } = {}) {
  const { job } = await jobRequested(t.prisma, {
    target: { type: "document", id: uniqueId("doc") },
    jobType: "staff.review-document",
    assignedTo: options.assignedTo ?? null,
  });
  return job;
}

async function userJob() {
  const user = await createUser(t.prisma);
  const { job } = await jobRequested(t.prisma, {
    target: { type: "user", id: user.id },
    jobType: "onboarding.read-guide",
    assignedTo: user.id,
  });
  return job;
}

const jobRow = (id: string) => t.prisma.job.findUniqueOrThrow({ where: { id } });
const eventsOf = (id: string, kind: "assigned" | "completed" | "cancelled") =>
  t.prisma.jobEvent.findMany({ where: { jobId: id, kind }, orderBy: { id: "asc" } });

async function pendingDocument() {
  const owner = await createUser(t.prisma);
  const document = await uploadDocument(t.prisma, owner.id, {
    name: "passport.pdf",
    type: "application/pdf",
    bytes: new TextEncoder().encode("%PDF-1.4 test"),
  });
  return { owner, document };
}

/**
 * Every command with valid input: `arrange` makes a fresh job (or document)
 * it can act on, so a refusal in the tables below can only come from what the
 * table varies. Jobs start assigned to `staff` so unassign has work to do.
 */
const commands = [
  {
    name: "claimStaffJob",
    arrange: async () => (await pendingReview()).id,
    call: (actor: Actor | null, id: string) => claimStaffJob.run(actor, { jobId: id }, opts()),
  },
  {
    name: "unassignStaffJob",
    arrange: async () => (await pendingReview({ assignedTo: staff.id })).id,
    call: (actor: Actor | null, id: string) => unassignStaffJob.run(actor, { jobId: id }, opts()),
  },
  {
    name: "assignStaffJob",
    arrange: async () => (await pendingReview()).id,
    call: (actor: Actor | null, id: string) => assignStaffJob.run(actor, { jobId: id, assigneeId: colleague.id }, opts()),
  },
  {
    name: "bulkStaffJobAction",
    arrange: async () => (await pendingReview()).id,
    call: (actor: Actor | null, id: string) =>
      bulkStaffJobAction.run(actor, { action: "dismiss", jobIds: [id], reason: "Duplicate." }, opts()),
  },
  {
    name: "reviewStaffDocument",
    arrange: async () => (await pendingDocument()).document.id,
    call: (actor: Actor | null, id: string) => reviewStaffDocument.run(actor, { documentId: id, decision: "approve" }, opts()),
  },
];

describe("who may run the staff triage commands", () => {
  test.each(commands.flatMap((cmd) => (["user", "product"] as const).map((role) => ({ label: `${role} calling ${cmd.name}`, cmd, role }))))(
    "$label is forbidden and nothing is written",
    async ({ cmd, role }) => {
      const caller = await createUser(t.prisma, { role });
      const id = await cmd.arrange();
      const before = await countRows(t.prisma);

      const result = await cmd.call(actorOf(caller), id);

      expect(result).toMatchObject({ ok: false, error: { code: "forbidden" } });
      expect(await countRows(t.prisma)).toEqual(before);
    },
  );

  test.each(commands)("a signed-out caller of $name gets unauthenticated and nothing is written", async (cmd) => {
    const id = await cmd.arrange();
    const before = await countRows(t.prisma);
    await expect(cmd.call(null, id)).resolves.toMatchObject({ ok: false, error: { code: "unauthenticated" } });
    expect(await countRows(t.prisma)).toEqual(before);
  });

  test.each(commands.flatMap((cmd) => (["staff", "admin"] as const).map((role) => ({ label: `${role} calling ${cmd.name}`, cmd, role }))))(
    "$label succeeds",
    async ({ cmd, role }) => {
      const caller = await createUser(t.prisma, { role });
      await expect(cmd.call(actorOf(caller), await cmd.arrange())).resolves.toMatchObject({ ok: true });
    },
  );
});

describe("input and job types", () => {
  const jobCommands = commands.filter((cmd) => cmd.name !== "reviewStaffDocument");

  test.each(jobCommands)("$name refuses a user's own job (not a staff job) and changes nothing", async (cmd) => {
    const job = await userJob();
    const before = await countRows(t.prisma);

    const result = await cmd.call(actorOf(staff), job.id);

    if (cmd.name === "bulkStaffJobAction") {
      // The bulk answer is ok as a whole; the job itself is listed as refused.
      expect(result).toMatchObject({ ok: true, data: { succeeded: [], failed: [{ jobId: job.id, code: "not_allowed" }] } });
    } else {
      expect(result).toMatchObject({ ok: false, error: { code: "not_allowed", message: expect.stringContaining("not a staff job") } });
    }
    expect(await countRows(t.prisma)).toEqual(before);
    expect(await jobRow(job.id)).toMatchObject({ status: "pending", assignedToId: job.assignedToId });
  });

  test.each<{ label: string; run: () => Promise<unknown>; field: string }>([
    { label: "claim without a job id", run: () => claimStaffJob.run(actorOf(staff), {}, opts()), field: "jobId" },
    {
      label: "claim with a job id that is not a uuid",
      run: () => claimStaffJob.run(actorOf(staff), { jobId: "1; DROP TABLE jobs" }, opts()),
      field: "jobId",
    },
    { label: "unassign with a numeric job id", run: () => unassignStaffJob.run(actorOf(staff), { jobId: 42 }, opts()), field: "jobId" },
    {
      label: "assign without an assignee",
      run: () => assignStaffJob.run(actorOf(staff), { jobId: NO_SUCH_JOB }, opts()),
      field: "assigneeId",
    },
    {
      label: "assign to a name instead of an id",
      run: () => assignStaffJob.run(actorOf(staff), { jobId: NO_SUCH_JOB, assigneeId: "bob" }, opts()),
      field: "assigneeId",
    },
    {
      label: "bulk with no jobs selected",
      run: () => bulkStaffJobAction.run(actorOf(staff), { action: "claim", jobIds: [] }, opts()),
      field: "jobIds",
    },
    {
      label: "bulk with a bad job id",
      run: () => bulkStaffJobAction.run(actorOf(staff), { action: "claim", jobIds: ["nope"] }, opts()),
      field: "jobIds.0",
    },
    {
      label: "bulk with more than a page of jobs",
      run: () =>
        bulkStaffJobAction.run(actorOf(staff), { action: "claim", jobIds: Array.from({ length: 101 }, () => NO_SUCH_JOB) }, opts()),
      field: "jobIds",
    },
    {
      label: "bulk with an unknown action",
      run: () => bulkStaffJobAction.run(actorOf(staff), { action: "delete", jobIds: [NO_SUCH_JOB] }, opts()),
      field: "action",
    },
    {
      label: "bulk dismiss without a reason",
      run: () => bulkStaffJobAction.run(actorOf(staff), { action: "dismiss", jobIds: [NO_SUCH_JOB], reason: "  " }, opts()),
      field: "reason",
    },
    {
      label: "bulk assign without an assignee",
      run: () => bulkStaffJobAction.run(actorOf(staff), { action: "assign", jobIds: [NO_SUCH_JOB] }, opts()),
      field: "assigneeId",
    },
    {
      label: "review without a decision",
      run: () => reviewStaffDocument.run(actorOf(staff), { documentId: NO_SUCH_JOB }, opts()),
      field: "decision",
    },
    {
      label: "reject without a reason",
      run: () => reviewStaffDocument.run(actorOf(staff), { documentId: NO_SUCH_JOB, decision: "reject", reason: "" }, opts()),
      field: "reason",
    },
  ])("$label: invalid_input with a field error, nothing written", async ({ run, field }) => {
    const before = await countRows(t.prisma);
    const result = await run();
    expect(result).toMatchObject({
      ok: false,
      error: { code: "invalid_input", message: expect.any(String), fieldErrors: { [field]: [expect.any(String)] } },
    });
    expect(await countRows(t.prisma)).toEqual(before);
  });

  test.each([
    { name: "claimStaffJob", run: () => claimStaffJob.run(actorOf(staff), { jobId: NO_SUCH_JOB }, opts()) },
    { name: "unassignStaffJob", run: () => unassignStaffJob.run(actorOf(staff), { jobId: NO_SUCH_JOB }, opts()) },
    { name: "assignStaffJob", run: () => assignStaffJob.run(actorOf(staff), { jobId: NO_SUCH_JOB, assigneeId: colleague.id }, opts()) },
    {
      name: "reviewStaffDocument",
      run: () => reviewStaffDocument.run(actorOf(staff), { documentId: NO_SUCH_JOB, decision: "approve" }, opts()),
    },
  ])("$name on something that does not exist answers not_found", async ({ run }) => {
    await expect(run()).resolves.toMatchObject({ ok: false, error: { code: "not_found" } });
  });
});

describe("claimStaffJob", () => {
  test("claims an unassigned job for the caller, with an assigned event from nobody to them", async () => {
    const job = await pendingReview();

    const result = await claimStaffJob.run(actorOf(staff), { jobId: job.id }, opts());

    expect(result).toEqual({ ok: true, data: { jobId: job.id, assigneeId: staff.id, changed: true } });
    expect((await jobRow(job.id)).assignedToId).toBe(staff.id);
    expect(await eventsOf(job.id, "assigned")).toMatchObject([{ actorId: staff.id, source: "staff", data: { from: null, to: staff.id } }]);
  });

  test("two people claiming at once: exactly one wins, the other is told someone else has it", async () => {
    const job = await pendingReview();

    const results = await Promise.all([
      claimStaffJob.run(actorOf(staff), { jobId: job.id }, opts()),
      claimStaffJob.run(actorOf(colleague), { jobId: job.id }, opts()),
    ]);

    const winners = results.filter((r) => r.ok);
    const losers = results.filter((r) => !r.ok);
    expect(winners).toHaveLength(1);
    expect(losers).toEqual([{ ok: false, error: { code: "conflict", message: "Someone else has already claimed this job." } }]);
    const winner = winners[0]!.ok ? winners[0]!.data.assigneeId : null;
    expect((await jobRow(job.id)).assignedToId).toBe(winner);
    expect(await eventsOf(job.id, "assigned")).toHaveLength(1);
  });

  test("claiming a job someone else already has is refused and leaves it with them", async () => {
    const job = await pendingReview({ assignedTo: colleague.id });
    const result = await claimStaffJob.run(actorOf(staff), { jobId: job.id }, opts());
    expect(result).toEqual({ ok: false, error: { code: "conflict", message: "Someone else has already claimed this job." } });
    expect((await jobRow(job.id)).assignedToId).toBe(colleague.id);
  });

  test("claiming a job one already has is harmless: ok, nothing written", async () => {
    const job = await pendingReview({ assignedTo: staff.id });
    const before = await countRows(t.prisma);
    await expect(claimStaffJob.run(actorOf(staff), { jobId: job.id }, opts())).resolves.toEqual({
      ok: true,
      data: { jobId: job.id, assigneeId: staff.id, changed: false },
    });
    expect(await countRows(t.prisma)).toEqual(before);
  });

  test("a resolved job cannot be claimed", async () => {
    const job = await pendingReview();
    await jobCompleted(t.prisma, {
      target: { type: job.targetType, id: job.targetId },
      jobType: jobTypeKey(job.jobType),
      jobId: job.id,
      source: "staff",
    });
    await expect(claimStaffJob.run(actorOf(staff), { jobId: job.id }, opts())).resolves.toMatchObject({
      ok: false,
      error: { code: "job_completed" },
    });
  });
});

describe("unassignStaffJob and assignStaffJob", () => {
  test("unassign puts a colleague's job back in the shared queue, recording who did it", async () => {
    const job = await pendingReview({ assignedTo: colleague.id });
    const result = await unassignStaffJob.run(actorOf(staff), { jobId: job.id }, opts());
    expect(result).toEqual({ ok: true, data: { jobId: job.id, assigneeId: null, changed: true } });
    expect(await eventsOf(job.id, "assigned")).toMatchObject([{ actorId: staff.id, data: { from: colleague.id, to: null } }]);
  });

  test("assign hands the job to another staff member", async () => {
    const job = await pendingReview({ assignedTo: staff.id });
    const admin = await createUser(t.prisma, { role: "admin" });
    const result = await assignStaffJob.run(actorOf(staff), { jobId: job.id, assigneeId: admin.id }, opts());
    expect(result).toEqual({ ok: true, data: { jobId: job.id, assigneeId: admin.id, changed: true } });
    expect(await eventsOf(job.id, "assigned")).toMatchObject([{ actorId: staff.id, data: { from: staff.id, to: admin.id } }]);
  });

  test.each([
    { label: "a plain user", role: "user" as const },
    { label: "a product person", role: "product" as const },
  ])("assigning to $label is refused and the job stays as it was", async ({ role }) => {
    const job = await pendingReview();
    const person = await createUser(t.prisma, { role });
    const before = await countRows(t.prisma);
    const result = await assignStaffJob.run(actorOf(staff), { jobId: job.id, assigneeId: person.id }, opts());
    expect(result).toMatchObject({ ok: false, error: { code: "invalid_input", fieldErrors: { assigneeId: ["Choose a staff member."] } } });
    expect(await countRows(t.prisma)).toEqual(before);
  });
});

describe("bulkStaffJobAction", () => {
  test("dismisses what it can; each failure is listed with its reason and does not stop the rest", async () => {
    const first = await pendingReview();
    const done = await pendingReview();
    await jobCompleted(t.prisma, {
      target: { type: done.targetType, id: done.targetId },
      jobType: jobTypeKey(done.jobType),
      jobId: done.id,
      source: "staff",
    });
    const theirs = await userJob();
    const last = await pendingReview();

    const result = await bulkStaffJobAction.run(
      actorOf(staff),
      { action: "dismiss", jobIds: [first.id, done.id, theirs.id, NO_SUCH_JOB, last.id], reason: "Spam upload." },
      opts(),
    );

    expect(result).toEqual({
      ok: true,
      data: {
        action: "dismiss",
        succeeded: [first.id, last.id],
        failed: [
          { jobId: done.id, code: "job_completed", message: expect.stringContaining("already done") },
          { jobId: theirs.id, code: "not_allowed", message: expect.stringContaining("not a staff job") },
          { jobId: NO_SUCH_JOB, code: "not_found", message: expect.any(String) },
        ],
      },
    });
    for (const job of [first, last]) {
      expect(await jobRow(job.id)).toMatchObject({
        status: "cancelled",
        resolutionNote: "Spam upload.",
        completedById: staff.id,
        completionSource: "staff",
      });
      expect(await eventsOf(job.id, "cancelled")).toMatchObject([{ actorId: staff.id, data: { note: "Spam upload." } }]);
    }
    expect((await jobRow(done.id)).status).toBe("completed");
    expect((await jobRow(theirs.id)).status).toBe("pending");
  });

  test("bulk claim: jobs someone else has are reported, the free ones are claimed", async () => {
    const free = await pendingReview();
    const taken = await pendingReview({ assignedTo: colleague.id });

    const result = await bulkStaffJobAction.run(actorOf(staff), { action: "claim", jobIds: [free.id, taken.id] }, opts());

    expect(result).toEqual({
      ok: true,
      data: {
        action: "claim",
        succeeded: [free.id],
        failed: [{ jobId: taken.id, code: "conflict", message: "Someone else has already claimed this job." }],
      },
    });
    expect((await jobRow(free.id)).assignedToId).toBe(staff.id);
    expect((await jobRow(taken.id)).assignedToId).toBe(colleague.id);
  });

  test("bulk resolve keeps the note on every job; a job selected twice is done once", async () => {
    const a = await pendingReview();
    const b = await pendingReview();
    const result = await bulkStaffJobAction.run(
      actorOf(staff),
      { action: "resolve", jobIds: [a.id, b.id, a.id], note: "Checked by hand." },
      opts(),
    );
    expect(result).toEqual({ ok: true, data: { action: "resolve", succeeded: [a.id, b.id], failed: [] } });
    for (const job of [a, b]) {
      expect(await jobRow(job.id)).toMatchObject({ status: "completed", resolutionNote: "Checked by hand." });
      expect(await eventsOf(job.id, "completed")).toHaveLength(1);
    }
  });

  test("bulk assign and unassign", async () => {
    const a = await pendingReview();
    const b = await pendingReview({ assignedTo: staff.id });
    await expect(
      bulkStaffJobAction.run(actorOf(staff), { action: "assign", jobIds: [a.id, b.id], assigneeId: colleague.id }, opts()),
    ).resolves.toMatchObject({
      ok: true,
      data: { succeeded: [a.id, b.id], failed: [] },
    });
    expect((await jobRow(a.id)).assignedToId).toBe(colleague.id);
    expect((await jobRow(b.id)).assignedToId).toBe(colleague.id);

    await expect(bulkStaffJobAction.run(actorOf(staff), { action: "unassign", jobIds: [a.id, b.id] }, opts())).resolves.toMatchObject({
      ok: true,
      data: { succeeded: [a.id, b.id], failed: [] },
    });
    expect((await jobRow(a.id)).assignedToId).toBeNull();
  });

  test("bulk assign to someone who is not staff is refused before any job is touched", async () => {
    const a = await pendingReview();
    const user = await createUser(t.prisma);
    const before = await countRows(t.prisma);
    const result = await bulkStaffJobAction.run(actorOf(staff), { action: "assign", jobIds: [a.id], assigneeId: user.id }, opts());
    expect(result).toMatchObject({ ok: false, error: { code: "invalid_input", fieldErrors: { assigneeId: ["Choose a staff member."] } } });
    expect(await countRows(t.prisma)).toEqual(before);
  });
});

describe("reviewStaffDocument", () => {
  test("approving completes the review job with the reviewer and asks nothing of the user", async () => {
    const { owner, document } = await pendingDocument();

    const result = await reviewStaffDocument.run(actorOf(staff), { documentId: document.id, decision: "approve" }, opts());

    expect(result).toEqual({ ok: true, data: { documentId: document.id, status: "approved" } });
    const review = await t.prisma.job.findFirstOrThrow({ where: { jobType: "staff.review-document", targetId: document.id } });
    expect(review).toMatchObject({ status: "completed", completedById: staff.id, completionSource: "staff", resolutionNote: "Approved" });
    expect(await t.prisma.job.count({ where: { jobType: "documents.upload-replacement", targetId: owner.id } })).toBe(0);
  });

  test("rejecting completes the review and asks the user for a new document, with the reason", async () => {
    const { owner, document } = await pendingDocument();

    const result = await reviewStaffDocument.run(
      actorOf(staff),
      { documentId: document.id, decision: "reject", reason: "The scan is blurry." },
      opts(),
    );

    expect(result).toEqual({ ok: true, data: { documentId: document.id, status: "rejected" } });
    expect(await t.prisma.document.findUniqueOrThrow({ where: { id: document.id } })).toMatchObject({
      status: "rejected",
      rejectionReason: "The scan is blurry.",
      reviewedById: staff.id,
    });
    expect(await t.prisma.job.findFirstOrThrow({ where: { jobType: "staff.review-document", targetId: document.id } })).toMatchObject({
      status: "completed",
      resolutionNote: "Rejected: The scan is blurry.",
    });
    expect(await t.prisma.job.findFirstOrThrow({ where: { jobType: "documents.upload-replacement", targetId: owner.id } })).toMatchObject({
      status: "pending",
      assignedToId: owner.id,
      metadata: { reason: "The scan is blurry.", documentId: document.id, fileName: "passport.pdf" },
    });
  });

  test("deciding twice is refused and changes nothing", async () => {
    const { document } = await pendingDocument();
    await reviewStaffDocument.run(actorOf(staff), { documentId: document.id, decision: "approve" }, opts());
    const before = await countRows(t.prisma);

    const again = await reviewStaffDocument.run(
      actorOf(colleague),
      { documentId: document.id, decision: "reject", reason: "Changed my mind." },
      opts(),
    );

    expect(again).toEqual({ ok: false, error: { code: "conflict", message: "This document was already approved." } });
    expect(await countRows(t.prisma)).toEqual(before);
    expect((await t.prisma.document.findUniqueOrThrow({ where: { id: document.id } })).status).toBe("approved");
  });
});
