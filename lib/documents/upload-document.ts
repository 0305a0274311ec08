import { type Db, inTransaction } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { autoCompleteJob, jobRequested, reportException } from "@/lib/jobs";
import { enforceUploadQuota } from "./enforce-upload-quota";
import { DOCUMENT_MAX_BYTES, DOCUMENT_TYPES, isAcceptedDocumentType } from "@/lib/validation/documents";
import { storableFileName } from "@/lib/validation/file-name";
import { toStorableText } from "@/lib/validation/text";
import { documentContentsProblem } from "./document-contents-problem";

export interface UploadedFile {
  name: string;
  type: string;
  bytes: Uint8Array;
}

/**
 * Stores a verification document. A valid upload completes the user's upload
 * job (and a pending "upload a new document" one) and asks staff to review it,
 * all in one transaction. A file of the wrong type or too large is refused with
 * a message for the user and reported to staff as a "refused upload" job, so
 * someone can help instead of the failure vanishing into a log (each further
 * refusal counts on that job; a valid upload completes it). Over the
 * person's quota (enforceUploadQuota) it is refused with `rate_limited`.
 */
export async function uploadDocument(db: Db, userId: string, file: UploadedFile) {
  // The name and type are the sender's words: made storable before they reach a row or a report.
  const name = storableFileName(file.name);
  const type = Array.from(toStorableText(file.type)).slice(0, 100).join("");
  const problem = !isAcceptedDocumentType(file.type)
    ? `Files of type ${type || "unknown"} are not accepted. Upload a ${Object.values(DOCUMENT_TYPES).join(", ")} file.`
    : file.bytes.byteLength > DOCUMENT_MAX_BYTES
      ? `The file is too large: the limit is ${DOCUMENT_MAX_BYTES / 1024 / 1024} MB.`
      : file.bytes.byteLength === 0
        ? "The file is empty."
        : await documentContentsProblem(file.type, file.bytes);
  if (problem) {
    const refusal = new AppError("invalid_input", problem, { fieldErrors: { file: [problem] } });
    await reportException(db, {
      jobType: "staff.rejected-upload",
      target: { type: "user", id: userId },
      error: refusal,
      context: { fileName: name, contentType: type, sizeBytes: file.bytes.byteLength },
      sender: "documents.upload",
    });
    throw refusal;
  }

  return inTransaction(db, async (tx) => {
    await enforceUploadQuota(tx, userId, file.bytes.byteLength);
    const document = await tx.document.create({
      data: { ownerId: userId, fileName: name, contentType: file.type, sizeBytes: file.bytes.byteLength, content: Buffer.from(file.bytes) },
      select: { id: true, fileName: true, contentType: true, sizeBytes: true, status: true, createdAt: true },
    });
    const user = { type: "user", id: userId };
    await autoCompleteJob(tx, { target: user, jobType: "onboarding.upload-document", metadata: { documentId: document.id } });
    await autoCompleteJob(tx, { target: user, jobType: "documents.upload-replacement", metadata: { documentId: document.id } });
    // What a "refused upload" job was about has cleared: a valid document arrived from this person.
    await autoCompleteJob(tx, {
      target: user,
      jobType: "staff.rejected-upload",
      metadata: { documentId: document.id },
      note: "A valid document arrived from this person.",
    });
    await jobRequested(tx, {
      target: { type: "document", id: document.id },
      jobType: "staff.review-document",
      metadata: { userId, fileName: name, contentType: file.type, sizeBytes: file.bytes.byteLength },
      idempotent: true,
      sender: "documents.upload",
    });
    return document;
  });
}
