import { createHmac, timingSafeEqual } from "node:crypto";
import { z } from "zod";
import { notificationSecret } from "./notification-secret";

// The token in a password reset link: the reset job's id and an HMAC of it
// with the server's secret. The worker derives it when it renders the email
// (templates see the job, nothing else), so the token is never stored at all,
// not even hashed: the job id alone, which the database holds, is not a
// working link without the secret. Single use and expiry are the job's: a
// token works while its job is pending and unexpired; setting the password
// completes the job.

const PURPOSE = "jtbd:password-reset:";

export function createPasswordResetToken(jobId: string, secret: string = notificationSecret()): string {
  const id = z.uuid().parse(jobId);
  return `${id}.${createHmac("sha256", secret).update(PURPOSE + id).digest("base64url")}`;
}

/** The job a well-formed, correctly signed token names, or null. Whether that job is still pending is the caller's to check. */
export function readPasswordResetToken(token: unknown, secret: string = notificationSecret()): { jobId: string } | null {
  if (typeof token !== "string" || token.length > 200) return null;
  const [id, mac, extra] = token.split(".");
  if (!id || !mac || extra !== undefined || !z.uuid().safeParse(id).success) return null;
  const expected = createHmac("sha256", secret).update(PURPOSE + id).digest();
  const given = Buffer.from(mac, "base64url");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  return { jobId: id };
}
