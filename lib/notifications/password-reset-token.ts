import { createJobLinkToken, readJobLinkToken } from "./job-link-token";

// The token in a password reset link: see job-link-token.ts.

export function createPasswordResetToken(jobId: string, secret?: string): string {
  return createJobLinkToken("password-reset", jobId, secret);
}

/** The reset job a well-formed, correctly signed token names, or null. Whether that job is still pending is the caller's to check. */
export function readPasswordResetToken(token: unknown, secret?: string): { jobId: string } | null {
  return readJobLinkToken("password-reset", token, secret);
}
