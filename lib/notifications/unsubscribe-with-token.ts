import type { Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { readUnsubscribeToken } from "./unsubscribe-token";

export interface UnsubscribeResult {
  userId: string;
  email: string;
}

/**
 * Turns reminder emails off for the user the signed token names (one-click
 * unsubscribe, RFC 8058: a GET page and the mail client's POST both call this).
 * Unsubscribing twice is harmless. Throws `invalid_input` for a token that was
 * changed, cut off or signed with another key, and `not_found` when the account
 * is gone; nothing is written then.
 */
export async function unsubscribeWithToken(db: Db, token: unknown): Promise<UnsubscribeResult> {
  const claim = readUnsubscribeToken(token);
  if (!claim) {
    throw new AppError(
      "invalid_input",
      "This unsubscribe link is not valid. It may have been cut off or changed: use the link from the latest email, or sign in and change your email preferences.",
      { internal: "unsubscribe refused: bad token signature or format" },
    );
  }
  const rows = await db.$queryRaw<UnsubscribeResult[]>`
    UPDATE users SET email_reminders = false, updated_at = now()
    WHERE id = ${claim.userId}::uuid
    RETURNING id AS "userId", email`;
  const row = rows[0];
  if (!row) throw new AppError("not_found", "This unsubscribe link belongs to an account that no longer exists.");
  return row;
}
