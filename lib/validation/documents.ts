import { z } from "zod";
import { text } from "./text";

export const DOCUMENT_MAX_BYTES = 5 * 1024 * 1024;
export const DOCUMENT_TYPES = { "application/pdf": "PDF", "image/png": "PNG", "image/jpeg": "JPEG" } as const;

export type DocumentContentType = keyof typeof DOCUMENT_TYPES;

export function isAcceptedDocumentType(type: string): type is DocumentContentType {
  return Object.hasOwn(DOCUMENT_TYPES, type);
}

export const reviewDocumentSchema = z.discriminatedUnion("decision", [
  z.object({ documentId: z.uuid({ error: "Pick a document." }), decision: z.literal("approve") }),
  z.object({
    documentId: z.uuid({ error: "Pick a document." }),
    decision: z.literal("reject"),
    reason: text({ label: "The reason", kind: "multiline", error: "Say why, so the user can fix it." })
      .trim()
      .min(3, "Say why, so the user can fix it.")
      .max(500, "Keep the reason under 500 characters."),
  }),
]);

export type ReviewDocumentInput = z.infer<typeof reviewDocumentSchema>;
