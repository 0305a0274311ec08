import type { Prisma } from "@/lib/db/client";
import { lockQuota, quotaExceeded } from "@/lib/quotas/quota-exceeded";

/** Each person may upload this many documents per hour… */
export const UPLOADS_PER_HOUR = 5;
/** …and this many bytes per day (five files at the 5 MB limit). */
export const UPLOAD_BYTES_PER_DAY = 25 * 1024 * 1024;

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/**
 * Refuses an upload over the person's quota with `rate_limited` and the time
 * they can try again. Counted over their own documents (the rows are the
 * record), under a per-person lock held to the end of `tx`, so concurrent
 * uploads are counted one after another. Call it in the transaction that
 * stores the document.
 */
export async function enforceUploadQuota(tx: Prisma.TransactionClient, userId: string, sizeBytes: number): Promise<void> {
  await lockQuota(tx, `quota:upload:${userId}`);
  const [{ now }] = await tx.$queryRaw<[{ now: Date }]>`SELECT clock_timestamp() AS now`;
  const recent = await tx.$queryRaw<{ createdAt: Date; sizeBytes: number }[]>`
    SELECT created_at AS "createdAt", size_bytes AS "sizeBytes" FROM documents
    WHERE owner_id = ${userId}::uuid AND created_at > ${now}::timestamptz - interval '1 day'
    ORDER BY created_at`;

  const lastHour = recent.filter((d) => d.createdAt.getTime() > now.getTime() - HOUR);
  if (lastHour.length >= UPLOADS_PER_HOUR) {
    // A slot frees when the oldest upload that is still counted leaves the hour.
    const retryAt = new Date(lastHour[lastHour.length - UPLOADS_PER_HOUR]!.createdAt.getTime() + HOUR);
    throw quotaExceeded(`You uploaded ${lastHour.length} documents in the last hour, the most we accept.`, retryAt, now);
  }
  let bytes = recent.reduce((sum, d) => sum + d.sizeBytes, 0);
  if (bytes + sizeBytes > UPLOAD_BYTES_PER_DAY) {
    // Room frees as the oldest uploads of the day age out, one by one.
    let retryAt = now;
    for (const d of recent) {
      bytes -= d.sizeBytes;
      retryAt = new Date(d.createdAt.getTime() + DAY);
      if (bytes + sizeBytes <= UPLOAD_BYTES_PER_DAY) break;
    }
    throw quotaExceeded(`This upload would take you over ${UPLOAD_BYTES_PER_DAY / 1024 / 1024} MB of documents in a day.`, retryAt, now);
  }
}
