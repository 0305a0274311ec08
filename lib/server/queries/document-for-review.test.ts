import { afterAll, beforeAll, expect, test } from "vitest";
import { uploadDocument } from "@/lib/documents/upload-document";
import { reviewDocument } from "@/lib/documents/review-document";
import { createUser } from "@/test/fixtures";
import { createTestDatabase, type TestDatabase } from "@/test/database";
import { SAMPLE_PNG } from "@/test/sample-files";
import { getDocumentForReview } from "./document-for-review";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase({ poolMax: 2 });
});
afterAll(async () => {
  await t?.close();
});

test("a document with its uploader and pending review job, then as reviewed", async () => {
  const owner = await createUser(t.prisma, { name: "Olga Owner" });
  const staff = await createUser(t.prisma, { role: "staff", name: "Sam Staff" });
  const uploaded = await uploadDocument(t.prisma, owner.id, { name: "id-card.png", type: "image/png", bytes: SAMPLE_PNG });
  const job = await t.prisma.job.findFirstOrThrow({ where: { jobType: "staff.review-document", targetId: uploaded.id } });

  expect(await getDocumentForReview(t.prisma, uploaded.id)).toEqual({
    id: uploaded.id,
    fileName: "id-card.png",
    contentType: "image/png",
    sizeBytes: SAMPLE_PNG.byteLength,
    status: "pending_review",
    rejectionReason: null,
    createdAt: expect.any(Date),
    reviewedAt: null,
    reviewedBy: null,
    owner: { id: owner.id, name: "Olga Owner", email: owner.email },
    reviewJob: { id: job.id, jobType: "staff.review-document", status: "pending" },
  });

  await reviewDocument(t.prisma, staff.id, { documentId: uploaded.id, decision: "reject", reason: "Cut off at the edge." });
  expect(await getDocumentForReview(t.prisma, uploaded.id)).toMatchObject({
    status: "rejected",
    rejectionReason: "Cut off at the edge.",
    reviewedAt: expect.any(Date),
    reviewedBy: { id: staff.id, name: "Sam Staff" },
    reviewJob: { id: job.id, status: "completed" },
  });
});

test.each(["0190a0b0-0000-7000-8000-0000000000ff", "not-a-uuid"])("%s is not found (null)", async (id) => {
  expect(await getDocumentForReview(t.prisma, id)).toBeNull();
});
