import { formatDistanceStrict } from "date-fns";
import type { Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";

/**
 * Serialises one person's writes under a quota, for the rest of `tx`: two
 * requests at once cannot both count the same rows and both squeeze under the
 * limit (the count and the insert after it become one step). A transaction
 * advisory lock on the quota's key, so nothing else waits on it.
 */
export async function lockQuota(tx: Db, key: string): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${key}, 0))`;
}

/** The refusal of a quota: what the limit is and when the person can try again. */
export function quotaExceeded(what: string, retryAt: Date, now = new Date()): AppError {
  const wait = formatDistanceStrict(retryAt, now, { roundingMethod: "ceil" });
  return new AppError("rate_limited", `${what} You can try again in ${wait}.`, { internal: `${what} (retry at ${retryAt.toISOString()})` });
}
