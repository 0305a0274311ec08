import { z } from "zod";
import { notificationSecret } from "./notification-secret";
import { signTokenBody, verifiedTokenBody } from "./signed-token";

// The token in a link that acts on one job (a password reset, an email
// change): the job's id and an HMAC of it with the server's secret and the
// link's purpose. The worker derives it when it renders the email (templates
// see the job, nothing else), so the token is never stored at all, not even
// hashed: the job id alone, which the database holds, is not a working link
// without the secret, and a token made for one purpose is refused by another.
// Single use and expiry are the job's: a token works while its job is pending
// and unexpired; using it finishes the job.

export type JobLinkPurpose = "password-reset" | "email-change";

// The signed body is the bare job id, not signed-token's JSON payload: the
// same HMAC input as before, so links already mailed keep working.

export function createJobLinkToken(purpose: JobLinkPurpose, jobId: string, secret: string = notificationSecret()): string {
  return signTokenBody(purpose, z.uuid().parse(jobId), secret);
}

/** The job a well-formed token for `purpose`, signed with our secret, names; or null. Whether that job is still pending is the caller's to check. */
export function readJobLinkToken(purpose: JobLinkPurpose, token: unknown, secret: string = notificationSecret()): { jobId: string } | null {
  if (typeof token !== "string" || token.length > 200) return null;
  const id = verifiedTokenBody(purpose, token, secret);
  return id !== null && z.uuid().safeParse(id).success ? { jobId: id } : null;
}
