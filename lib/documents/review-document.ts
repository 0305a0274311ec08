import { type Db, inTransaction } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { jobCompleted, jobRequested } from "@/lib/jobs";
import type { ReviewDocumentInput } from "@/lib/validation/documents";

/**
 * A staff member's decision on a document. Approving completes the review job.
 * Rejecting completes it too and asks the owner to upload a new document, with
 * the reason in that job's metadata. Deciding on a document that was already
 * decided, or on one's own document, is refused.
 */
export async function reviewDocument(db: Db, reviewerId: string, input: ReviewDocumentInput) {
  return inTransaction(db, async (tx) => {
    const reason = input.decision === "reject" ? input.reason : null;
    // Conditional update: two reviewers deciding at once cannot both win, and
    // nobody decides on their own document (four eyes).
    const decided = await tx.document.updateMany({
      where: { id: input.documentId, status: "pending_review", ownerId: { not: reviewerId } },
      data: {
        status: input.decision === "approve" ? "approved" : "rejected",
        rejectionReason: reason,
        reviewedById: reviewerId,
        reviewedAt: new Date(),
      },
    });
    const document = await tx.document.findUnique({
      where: { id: input.documentId },
      select: { id: true, ownerId: true, fileName: true, status: true },
    });
    if (!document) throw new AppError("not_found", "That document does not exist.");
    if (document.ownerId === reviewerId)
      throw new AppError("not_allowed", "This is your own document: another staff member must review it.");
    if (decided.count === 0)
      throw new AppError("conflict", `This document was already ${document.status === "approved" ? "approved" : "rejected"}.`);

    await jobCompleted(tx, {
      target: { type: "document", id: document.id },
      jobType: "staff.review-document",
      by: reviewerId,
      source: "staff",
      note: input.decision === "approve" ? "Approved" : `Rejected: ${reason}`,
      metadata: { decision: input.decision },
    });
    if (input.decision === "reject") {
      await jobRequested(tx, {
        target: { type: "user", id: document.ownerId },
        jobType: "documents.upload-replacement",
        assignedTo: document.ownerId,
        metadata: { reason, documentId: document.id, fileName: document.fileName },
        idempotent: true,
        by: reviewerId,
        source: "staff",
        sender: "documents.review",
      });
    }
    return document;
  });
}
