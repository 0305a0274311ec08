import "server-only";
import { z } from "zod";
import type { Db } from "@/lib/db/client";

export interface DocumentFile {
  fileName: string;
  contentType: string;
  content: Uint8Array;
}

/** A document's file (name, type and bytes), or null (also for an id that is not a uuid). */
export async function getDocumentFile(db: Db, documentId: string): Promise<DocumentFile | null> {
  if (!z.uuid().safeParse(documentId).success) return null;
  return db.document.findUnique({ where: { id: documentId }, select: { fileName: true, contentType: true, content: true } });
}
