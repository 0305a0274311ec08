import { formatDistance } from "date-fns";
import { EmptyState } from "@/components/ui/empty-state";
import type { DocumentRow } from "@/lib/db/client";
import { DOCUMENT_TYPES, isAcceptedDocumentType } from "@/lib/validation/documents";
import { StatusBadge } from "./status-badge";

/** A document as its owner's list shows it: everything but the file's bytes and who reviewed it. */
export type DocumentListItem = Pick<DocumentRow, "id" | "fileName" | "contentType" | "sizeBytes" | "status" | "rejectionReason" | "createdAt">;

const STATUS = {
  pending_review: { label: "Waiting for review", tone: "warning" },
  approved: { label: "Approved", tone: "success" },
  rejected: { label: "Rejected", tone: "danger" },
} as const;

function size(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** A person's uploaded documents with their review status; a rejected one shows the reviewer's reason. */
export function DocumentList({ documents, now, labelledBy }: { documents: DocumentListItem[]; now: Date; labelledBy: string }) {
  if (documents.length === 0) return <EmptyState title="No documents yet">The documents you upload will be listed here with their review status.</EmptyState>;
  return (
    <ul aria-labelledby={labelledBy} className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white">
      {documents.map((doc) => (
        <li key={doc.id} className="flex flex-col gap-1 px-4 py-3">
          <div className="flex flex-wrap items-center justify-between gap-2">
            <span className="font-medium break-all text-slate-900">{doc.fileName}</span>
            <StatusBadge tone={STATUS[doc.status].tone}>{STATUS[doc.status].label}</StatusBadge>
          </div>
          <p className="text-sm text-slate-600">
            {isAcceptedDocumentType(doc.contentType) ? DOCUMENT_TYPES[doc.contentType] : doc.contentType} · {size(doc.sizeBytes)} · uploaded{" "}
            <time dateTime={doc.createdAt.toISOString()}>{formatDistance(doc.createdAt, now, { addSuffix: true })}</time>
          </p>
          {doc.status === "rejected" && doc.rejectionReason && (
            <p className="text-sm text-red-800">
              <span className="font-medium">Why it was rejected:</span> {doc.rejectionReason}
            </p>
          )}
        </li>
      ))}
    </ul>
  );
}
