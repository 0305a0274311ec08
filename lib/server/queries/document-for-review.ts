import "server-only";
import { z } from "zod";
import type { Db, DocumentRow } from "@/lib/db/client";
import { effectiveStatus, type Job } from "@/lib/jobs";

// A verification document as the staff review page shows it: everything but
// the file's bytes (those stream from the file route), its uploader, and the
// review job it belongs to.

export interface DocumentForReview extends Pick<
  DocumentRow,
  "id" | "fileName" | "contentType" | "sizeBytes" | "status" | "rejectionReason" | "createdAt" | "reviewedAt"
> {
  reviewedBy: { id: string; name: string | null; email: string } | null;
  owner: { id: string; name: string | null; email: string };
  /** The latest "review document" job for it (the pending one if any), or null. */
  reviewJob: { id: string; jobType: string; status: Job["status"] } | null;
}

const REVIEW_JOB_TYPE = "staff.review-document";

/** The document, or null (also for an id that is not a uuid). */
export async function getDocumentForReview(db: Db, documentId: string): Promise<DocumentForReview | null> {
  if (!z.uuid().safeParse(documentId).success) return null;
  const [document, job] = await Promise.all([
    db.document.findUnique({
      where: { id: documentId },
      select: {
        id: true,
        fileName: true,
        contentType: true,
        sizeBytes: true,
        status: true,
        rejectionReason: true,
        createdAt: true,
        reviewedAt: true,
        reviewedBy: { select: { id: true, name: true, email: true } },
        owner: { select: { id: true, name: true, email: true } },
      },
    }),
    db.job.findFirst({
      where: { jobType: REVIEW_JOB_TYPE, targetType: "document", targetId: documentId },
      // Served by jobs_target_idx; pending first, as the engine's findLatestJob does.
      orderBy: [{ status: "asc" }, { createdAt: "desc" }],
      select: { id: true, jobType: true, status: true, expiresAt: true },
    }),
  ]);
  if (!document) return null;
  return { ...document, reviewJob: job ? { id: job.id, jobType: job.jobType, status: effectiveStatus(job) } : null };
}
