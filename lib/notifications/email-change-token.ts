import { createJobLinkToken, readJobLinkToken } from "./job-link-token";

// The token in the link that confirms a new email address: see job-link-token.ts.

export function createEmailChangeToken(jobId: string, secret?: string): string {
  return createJobLinkToken("email-change", jobId, secret);
}

/** The email change job a well-formed, correctly signed token names, or null. Whether that job is still pending is the caller's to check. */
export function readEmailChangeToken(token: unknown, secret?: string): { jobId: string } | null {
  return readJobLinkToken("email-change", token, secret);
}
