import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Breadcrumbs } from "@/components/staff/breadcrumbs";
import { DocumentReviewForm } from "@/components/staff/document-review-form";
import { formatDateTime } from "@/components/staff/format-date-time";
import { personName } from "@/components/staff/person-name";
import { queueHref } from "@/components/staff/queue-href";
import { JobStatusBadge } from "@/components/staff/status-badge";
import { CardSection } from "@/components/ui/card-section";
import { Fact, FactList } from "@/components/ui/fact-list";
import { PageHeader } from "@/components/ui/page-header";
import { formatBytes } from "@/components/ui/format-bytes";
import { AREA_ROLES } from "@/lib/auth/roles";
import { jobTypes } from "@/lib/jobs";
import { db } from "@/lib/server/db";
import { getDocumentForReview } from "@/lib/server/queries/document-for-review";
import { requireRole } from "@/lib/server/session";
import { DOCUMENT_TYPES, isAcceptedDocumentType } from "@/lib/validation/documents";

export const metadata: Metadata = { title: "Review document" };

const REVIEW = jobTypes.require("staff.review-document");
const DOCUMENT_STATUS = { pending_review: "Waiting for review", approved: "Approved", rejected: "Rejected" } as const;

/** The review page of a "review document" job: the file, who sent it, and the decision. */
export default async function DocumentReviewPage({ params }: { params: Promise<{ id: string }> }) {
  await requireRole(...AREA_ROLES.staff);
  const document = await getDocumentForReview(db, (await params).id);
  if (!document) notFound();
  const fileHref = `/staff/documents/${document.id}/file`;

  return (
    <>
      <Breadcrumbs
        items={[
          { label: "Staff queues", href: "/staff" },
          { label: REVIEW.title, href: queueHref(REVIEW.key) },
          { label: document.fileName },
        ]}
      />
      <PageHeader title="Review document">
        <span className="break-all">{document.fileName}</span>
      </PageHeader>

      <div className="grid gap-4 lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
        <CardSection title="The document">
          <FactList>
            <Fact label="File name">
              <span className="break-all">{document.fileName}</span>
            </Fact>
            <Fact label="Type">
              {isAcceptedDocumentType(document.contentType) ? DOCUMENT_TYPES[document.contentType] : document.contentType}
            </Fact>
            <Fact label="Size">{formatBytes(document.sizeBytes)}</Fact>
            <Fact label="Uploaded by">
              {personName(document.owner)}
              {document.owner.name && <span className="block text-slate-600">{document.owner.email}</span>}
            </Fact>
            <Fact label="Uploaded">
              <time dateTime={document.createdAt.toISOString()}>{formatDateTime(document.createdAt)}</time>
            </Fact>
            <Fact label="Status">{DOCUMENT_STATUS[document.status]}</Fact>
            {document.reviewedAt && (
              <Fact label="Reviewed">
                <time dateTime={document.reviewedAt.toISOString()}>{formatDateTime(document.reviewedAt)}</time>
                {document.reviewedBy && <> by {personName(document.reviewedBy)}</>}
              </Fact>
            )}
            {document.rejectionReason && <Fact label="Reason for rejection">{document.rejectionReason}</Fact>}
            {document.reviewJob && (
              <Fact label="Review job">
                <Link
                  href={`/staff/queues/${encodeURIComponent(document.reviewJob.jobType)}/${document.reviewJob.id}`}
                  className="text-indigo-700 underline underline-offset-2 hover:text-indigo-900"
                >
                  Job details and timeline
                </Link>{" "}
                <JobStatusBadge status={document.reviewJob.status} />
              </Fact>
            )}
          </FactList>
          <div className="mt-4 flex flex-wrap gap-2">
            <a
              href={fileHref}
              target="_blank"
              rel="noopener"
              className="inline-flex min-h-11 items-center rounded-md bg-indigo-600 px-4 text-sm font-medium text-white hover:bg-indigo-700"
            >
              View the file<span className="sr-only"> (opens in a new tab)</span>
            </a>
            <a
              href={`${fileHref}?download=1`}
              className="inline-flex min-h-11 items-center rounded-md border border-slate-300 bg-white px-4 text-sm font-medium text-slate-900 hover:bg-slate-100"
            >
              Download
            </a>
          </div>
        </CardSection>

        <CardSection title="Decision" className="self-start">
          {/* Rendered whatever the status, so the outcome of the decision stays on screen after the refresh. */}
          <DocumentReviewForm documentId={document.id} decided={document.status === "pending_review" ? null : document.status} />
        </CardSection>
      </div>
    </>
  );
}
