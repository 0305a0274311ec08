import "server-only";
import type { Db } from "@/lib/db/client";

/** How many of a person's documents the page lists, newest first. */
export const MY_DOCUMENTS_LIMIT = 50;

/** The documents `userId` uploaded, newest first, without their contents. Never anyone else's. */
export function listMyDocuments(db: Db, userId: string) {
  return db.document.findMany({
    where: { ownerId: userId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: MY_DOCUMENTS_LIMIT,
    select: { id: true, fileName: true, contentType: true, sizeBytes: true, status: true, rejectionReason: true, createdAt: true },
  });
}
