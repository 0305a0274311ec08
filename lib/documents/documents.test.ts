import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { requestOnboardingJobs } from "@/lib/accounts/onboarding";
import { createUser } from "@/test/fixtures";
import { createTestDatabase, type TestDatabase } from "@/test/database";
import { HTML_PAGE, SAMPLE_PNG, SVG_IMAGE } from "@/test/sample-files";
import { reviewDocument } from "./review-document";
import { UPLOAD_BYTES_PER_DAY, UPLOADS_PER_HOUR } from "./enforce-upload-quota";
import { uploadDocument } from "./upload-document";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.close();
});

// A PDF's first bytes, then padding to the size a test needs: the upload checks the first bytes.
const pdf = (size = 1000) => {
  const bytes = new Uint8Array(size).fill(37);
  bytes.set(new TextEncoder().encode("%PDF-1.4\n").subarray(0, size));
  return { name: "passport.pdf", type: "application/pdf", bytes };
};
const jobsOf = (targetId: string) =>
  t.prisma.job.findMany({
    where: { targetId },
    orderBy: { createdAt: "asc" },
    select: { jobType: true, status: true, metadata: true, completionSource: true },
  });

async function onboardedUser() {
  const user = await createUser(t.prisma);
  await requestOnboardingJobs(t.prisma, user.id);
  return user;
}

describe("uploading a document", () => {
  test("a valid upload completes the upload job and asks staff to review it, in one go", async () => {
    const user = await onboardedUser();
    const doc = await uploadDocument(t.prisma, user.id, pdf());

    const upload = (await jobsOf(user.id)).find((j) => j.jobType === "onboarding.upload-document");
    expect(upload).toMatchObject({ status: "completed", completionSource: "auto", metadata: { documentId: doc.id } });
    expect(await jobsOf(doc.id)).toEqual([
      {
        jobType: "staff.review-document",
        status: "pending",
        completionSource: null,
        metadata: { userId: user.id, fileName: "passport.pdf", contentType: "application/pdf", sizeBytes: 1000 },
      },
    ]);
  });

  test.each([
    ["a file of the wrong type", { name: "scan.heic", type: "image/heic", bytes: new Uint8Array(10) }, /type image\/heic are not accepted/],
    ["a file over 5 MB", { ...pdf(5 * 1024 * 1024 + 1) }, /too large: the limit is 5 MB/],
    ["an empty file", { ...pdf(0) }, /empty/],
    [
      "HTML declared as a PDF",
      { name: "invoice.pdf", type: "application/pdf", bytes: HTML_PAGE },
      /does not look like a PDF: its contents are not a PDF, PNG or JPEG file/,
    ],
    ["SVG declared as a PNG", { name: "photo.png", type: "image/png", bytes: SVG_IMAGE }, /does not look like a PNG/],
    [
      "a PNG declared as a JPEG",
      { name: "photo.jpg", type: "image/jpeg", bytes: SAMPLE_PNG },
      /does not look like a JPEG: its contents are a PNG file/,
    ],
  ])("%s is refused with a message and reported to staff on one job counting both, storing nothing", async (_label, file, message) => {
    const user = await onboardedUser();
    await expect(uploadDocument(t.prisma, user.id, file)).rejects.toMatchObject({
      code: "invalid_input",
      userMessage: expect.stringMatching(message),
    });
    await expect(uploadDocument(t.prisma, user.id, file)).rejects.toMatchObject({ code: "invalid_input" });

    expect(await t.prisma.document.count({ where: { ownerId: user.id } })).toBe(0);
    const staffJobs = (await jobsOf(user.id)).filter((j) => j.jobType === "staff.rejected-upload");
    expect(staffJobs).toHaveLength(1);
    expect(staffJobs[0]).toMatchObject({
      status: "pending",
      metadata: {
        error: { code: "invalid_input", message: expect.stringMatching(message) },
        context: { fileName: file.name, contentType: file.type },
      },
    });
    const { occurrences } = await t.prisma.job.findFirstOrThrow({ where: { targetId: user.id, jobType: "staff.rejected-upload" } });
    expect(occurrences).toBe(2);
    const upload = (await jobsOf(user.id)).find((j) => j.jobType === "onboarding.upload-document");
    expect(upload?.status).toBe("pending");
  });
});

describe("a refused upload that recurs, then clears", () => {
  const refusedJob = (userId: string) =>
    t.prisma.job.findFirstOrThrow({
      where: { targetType: "user", targetId: userId, jobType: "staff.rejected-upload" },
      include: { events: { orderBy: { id: "asc" } } },
    });
  const heic = (name: string) => ({ name, type: "image/heic", bytes: new Uint8Array(10) });

  test("each refusal counts on the pending job with its file in the timeline; a valid document from that person completes it (source auto)", async () => {
    const user = await onboardedUser();
    const other = await onboardedUser();
    await expect(uploadDocument(t.prisma, user.id, heic("one.heic"))).rejects.toMatchObject({ code: "invalid_input" });
    await expect(uploadDocument(t.prisma, user.id, heic("two.heic"))).rejects.toMatchObject({ code: "invalid_input" });
    await expect(uploadDocument(t.prisma, other.id, heic("theirs.heic"))).rejects.toMatchObject({ code: "invalid_input" });

    const pending = await refusedJob(user.id);
    expect(pending).toMatchObject({ status: "pending", occurrences: 2, metadata: { context: { fileName: "one.heic" } } });
    expect(pending.lastOccurredAt).toBeInstanceOf(Date);
    expect(pending.events.map((e) => [e.kind, e.source])).toEqual([
      ["requested", "system"],
      ["recurred", "system"],
    ]);
    expect(pending.events[1]!.data).toMatchObject({
      occurrence: 2,
      sender: "documents.upload",
      error: { code: "invalid_input", message: expect.stringMatching(/not accepted/) },
      context: { fileName: "two.heic", contentType: "image/heic", sizeBytes: 10 },
    });

    const doc = await uploadDocument(t.prisma, user.id, pdf());
    const done = await refusedJob(user.id);
    expect(done).toMatchObject({
      status: "completed",
      completionSource: "auto",
      completedById: null,
      resolutionNote: "A valid document arrived from this person.",
      metadata: { documentId: doc.id },
    });
    expect(done.events.at(-1)).toMatchObject({ kind: "completed", source: "auto" });
    // Someone else's refusal is theirs to clear.
    expect(await refusedJob(other.id)).toMatchObject({ status: "pending", occurrences: 1 });

    // A refusal after that is a new problem: a new job.
    await expect(uploadDocument(t.prisma, user.id, heic("three.heic"))).rejects.toMatchObject({ code: "invalid_input" });
    const jobs = await t.prisma.job.findMany({
      where: { targetId: user.id, jobType: "staff.rejected-upload" },
      orderBy: { createdAt: "asc" },
    });
    expect(jobs.map((j) => [j.status, j.occurrences])).toEqual([
      ["completed", 2],
      ["pending", 1],
    ]);
  });

  test("the completion is part of the upload's transaction: rolled back with it, the job is still pending", async () => {
    const user = await onboardedUser();
    await expect(uploadDocument(t.prisma, user.id, heic("one.heic"))).rejects.toMatchObject({ code: "invalid_input" });
    await expect(
      t.prisma.$transaction(async (tx) => {
        await uploadDocument(tx, user.id, pdf());
        expect(
          await tx.job.findFirst({ where: { targetId: user.id, jobType: "staff.rejected-upload", status: "completed" } }),
        ).not.toBeNull();
        throw new Error("the caller's next step failed");
      }),
    ).rejects.toThrow("the caller's next step failed");
    expect(await t.prisma.document.count({ where: { ownerId: user.id } })).toBe(0);
    expect(await refusedJob(user.id)).toMatchObject({ status: "pending", occurrences: 1 });
  });

  test("an upload refused by the quota stores nothing and completes nothing: the job stays pending", async () => {
    const user = await onboardedUser();
    await expect(uploadDocument(t.prisma, user.id, heic("one.heic"))).rejects.toMatchObject({ code: "invalid_input" });
    // The day's bytes used up by documents already stored (as enforceUploadQuota counts them).
    await t.prisma.document.create({
      data: {
        ownerId: user.id,
        fileName: "big.pdf",
        contentType: "application/pdf",
        sizeBytes: UPLOAD_BYTES_PER_DAY,
        content: Buffer.from("%PDF"),
      },
    });
    await expect(uploadDocument(t.prisma, user.id, pdf())).rejects.toMatchObject({ code: "rate_limited" });
    expect(await refusedJob(user.id)).toMatchObject({ status: "pending", completionSource: null });
  });
});

describe("upload quota", () => {
  test(`${UPLOADS_PER_HOUR} uploads an hour: of 12 at once, exactly ${UPLOADS_PER_HOUR} are stored, the rest refused with when to try again`, async () => {
    const user = await onboardedUser();
    const results = await Promise.allSettled(Array.from({ length: 12 }, () => uploadDocument(t.prisma, user.id, pdf(200 * 1024))));

    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(UPLOADS_PER_HOUR);
    const refusals = results.filter((r): r is PromiseRejectedResult => r.status === "rejected").map((r) => r.reason);
    expect(refusals).toHaveLength(12 - UPLOADS_PER_HOUR);
    for (const refusal of refusals) {
      expect(refusal).toMatchObject({
        code: "rate_limited",
        userMessage: expect.stringMatching(/documents in the last hour.*try again in (59|60) minutes/),
      });
    }
    expect(await t.prisma.document.count({ where: { ownerId: user.id } })).toBe(UPLOADS_PER_HOUR);
    expect(await t.prisma.job.count({ where: { jobType: "staff.review-document", metadata: { path: ["userId"], equals: user.id } } })).toBe(
      UPLOADS_PER_HOUR,
    );
  });

  test("bytes a day: an upload that would pass the daily total is refused until the oldest ones age out", async () => {
    const user = await onboardedUser();
    // Uploaded earlier today (not in the last hour), 24 MB in all.
    const earlier = Date.now() - 3 * 3_600_000;
    for (const [i, mb] of [10, 14].entries()) {
      await t.prisma.document.create({
        data: {
          ownerId: user.id,
          fileName: `old-${i}.pdf`,
          contentType: "application/pdf",
          sizeBytes: mb * 1024 * 1024,
          content: Buffer.from("%PDF"),
          createdAt: new Date(earlier + i * 60_000),
        },
      });
    }
    await expect(uploadDocument(t.prisma, user.id, pdf(2 * 1024 * 1024))).rejects.toMatchObject({
      code: "rate_limited",
      userMessage: expect.stringMatching(new RegExp(`over ${UPLOAD_BYTES_PER_DAY / 1024 / 1024} MB .* try again in 21 hours`)),
    });
    expect(await t.prisma.document.count({ where: { ownerId: user.id } })).toBe(2);
    // One that fits is taken.
    await uploadDocument(t.prisma, user.id, pdf(1024 * 1024));
    expect(await t.prisma.document.count({ where: { ownerId: user.id } })).toBe(3);
  });
});

describe("reviewing a document", () => {
  test("approving completes the review job with the reviewer", async () => {
    const [user, staff] = await Promise.all([onboardedUser(), createUser(t.prisma, { role: "staff" })]);
    const doc = await uploadDocument(t.prisma, user.id, pdf());
    await reviewDocument(t.prisma, staff.id, { documentId: doc.id, decision: "approve" });

    const review = await t.prisma.job.findFirstOrThrow({ where: { targetId: doc.id } });
    expect(review).toMatchObject({ status: "completed", completedById: staff.id, completionSource: "staff", resolutionNote: "Approved" });
    expect((await t.prisma.document.findUniqueOrThrow({ where: { id: doc.id } })).status).toBe("approved");
  });

  test("rejecting completes the review and asks the user for a new document with the reason; the next upload completes that", async () => {
    const [user, staff] = await Promise.all([onboardedUser(), createUser(t.prisma, { role: "staff" })]);
    const doc = await uploadDocument(t.prisma, user.id, pdf());
    await reviewDocument(t.prisma, staff.id, { documentId: doc.id, decision: "reject", reason: "The photo is blurry" });

    const replacement = await t.prisma.job.findFirstOrThrow({ where: { targetId: user.id, jobType: "documents.upload-replacement" } });
    expect(replacement).toMatchObject({
      status: "pending",
      assignedToId: user.id,
      metadata: { reason: "The photo is blurry", documentId: doc.id },
    });
    expect((await t.prisma.job.findFirstOrThrow({ where: { targetId: doc.id } })).resolutionNote).toBe("Rejected: The photo is blurry");

    const second = await uploadDocument(t.prisma, user.id, pdf());
    expect((await t.prisma.job.findUniqueOrThrow({ where: { id: replacement.id } })).status).toBe("completed");
    expect(await jobsOf(second.id)).toHaveLength(1);
  });

  test.each(["approve", "reject"] as const)(
    "a staff member cannot %s their own document: not_allowed, nothing written",
    async (decision) => {
      const staff = await createUser(t.prisma, { role: "staff" });
      await requestOnboardingJobs(t.prisma, staff.id);
      const doc = await uploadDocument(t.prisma, staff.id, pdf());
      const before = await Promise.all([t.prisma.job.count(), t.prisma.jobEvent.count()]);

      const input = decision === "approve" ? { documentId: doc.id, decision } : { documentId: doc.id, decision, reason: "Not good enough" };
      await expect(reviewDocument(t.prisma, staff.id, input)).rejects.toMatchObject({
        code: "not_allowed",
        userMessage: expect.stringMatching(/your own document/),
      });

      expect(await t.prisma.document.findUniqueOrThrow({ where: { id: doc.id } })).toMatchObject({
        status: "pending_review",
        reviewedById: null,
        reviewedAt: null,
      });
      expect(await Promise.all([t.prisma.job.count(), t.prisma.jobEvent.count()])).toEqual(before);
      expect((await t.prisma.job.findFirstOrThrow({ where: { targetId: doc.id } })).status).toBe("pending");

      // Another staff member may.
      const colleague = await createUser(t.prisma, { role: "staff" });
      await reviewDocument(t.prisma, colleague.id, input);
      expect((await t.prisma.job.findFirstOrThrow({ where: { targetId: doc.id } })).status).toBe("completed");
    },
  );

  test("a document can be decided once; the second decision is refused", async () => {
    const [user, staff] = await Promise.all([onboardedUser(), createUser(t.prisma, { role: "staff" })]);
    const doc = await uploadDocument(t.prisma, user.id, pdf());
    const decisions = await Promise.allSettled([
      reviewDocument(t.prisma, staff.id, { documentId: doc.id, decision: "approve" }),
      reviewDocument(t.prisma, staff.id, { documentId: doc.id, decision: "reject", reason: "Expired passport" }),
    ]);
    expect(decisions.filter((d) => d.status === "fulfilled")).toHaveLength(1);
    expect(decisions.find((d): d is PromiseRejectedResult => d.status === "rejected")?.reason).toMatchObject({ code: "conflict" });
  });
});
