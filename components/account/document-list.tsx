import { TimeAgo } from "@/components/ui/time-ago";
import { EmptyState } from "@/components/ui/empty-state";
import { formatBytes } from "@/components/ui/format-bytes";
import type { DocumentRow } from "@/lib/db/client";
import { DOCUMENT_TYPES, isAcceptedDocumentType } from "@/lib/validation/documents";
import { StatusList, StatusListItem } from "./status-list";

/** A document as its owner's list shows it: everything but the file's bytes and who reviewed it. */
export type DocumentListItem = Pick<
  DocumentRow,
  "id" | "fileName" | "contentType" | "sizeBytes" | "status" | "rejectionReason" | "createdAt"
>;

const STATUS = {
  pending_review: { label: "Waiting for review", tone: "warning" },
  approved: { label: "Approved", tone: "success" },
  rejected: { label: "Rejected", tone: "danger" },
} as const;

/** A person's uploaded documents with their review status; a rejected one shows the reviewer's reason. */
export function DocumentList({ documents, now, labelledBy }: { documents: DocumentListItem[]; now: Date; labelledBy: string }) {
  if (documents.length === 0)
    return <EmptyState title="No documents yet">The documents you upload will be listed here with their review status.</EmptyState>;
  return (
    <StatusList labelledBy={labelledBy}>
      {documents.map((doc) => (
        <StatusListItem key={doc.id} title={doc.fileName} status={STATUS[doc.status]}>
          <p className="text-sm text-slate-600">
            {isAcceptedDocumentType(doc.contentType) ? DOCUMENT_TYPES[doc.contentType] : doc.contentType} · {formatBytes(doc.sizeBytes)} ·
            uploaded <TimeAgo date={doc.createdAt} now={now} />
          </p>
          {doc.status === "rejected" && doc.rejectionReason && (
            <p className="text-sm text-red-800">
              <span className="font-medium">Why it was rejected:</span> {doc.rejectionReason}
            </p>
          )}
        </StatusListItem>
      ))}
    </StatusList>
  );
}
