import "server-only";
import { AREA_ROLES } from "@/lib/auth/roles";
import { reviewDocument } from "@/lib/documents/review-document";
import { reviewDocumentSchema } from "@/lib/validation/documents";
import { command } from "../command";

/**
 * Staff approve a verification document, or reject it with a reason the user
 * will see. Completes the document's review job; a rejection also asks the
 * user to upload a new document (see reviewDocument). Deciding twice is refused.
 */
export const reviewStaffDocument = command(
  { name: "reviewStaffDocument", input: reviewDocumentSchema, roles: AREA_ROLES.staff },
  async ({ actor, input, db }) => {
    const document = await reviewDocument(db, actor.id, input);
    return { documentId: document.id, status: document.status };
  },
);
