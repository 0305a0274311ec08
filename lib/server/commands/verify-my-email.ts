import "server-only";
import { z } from "zod";
import { verifyEmail } from "@/lib/accounts/verify-email";
import { AppError } from "@/lib/errors";
import { verifyEmailToken } from "@/lib/notifications";
import { command } from "../command";

export const verifyMyEmailSchema = z.object({
  token: z
    .string({ error: "This link has no verification code in it." })
    .min(1, "This link has no verification code in it.")
    .max(1000, "This link is not valid."),
});

/**
 * The signed-in person opens the link from their "verify your email" email.
 * The token says whose address it verifies; it must be theirs, so a link
 * forwarded to (or opened by) someone else verifies nothing.
 */
export const verifyMyEmail = command({ name: "verifyMyEmail", input: verifyMyEmailSchema }, async ({ actor, input, db }) => {
  const token = verifyEmailToken(input.token);
  if (!token) {
    throw new AppError(
      "invalid_input",
      "This verification link is not valid or has expired. Open the newest email from us: each reminder carries a fresh link.",
    );
  }
  if (token.userId !== actor.id) {
    throw new AppError(
      "forbidden",
      "This verification link was sent to another account. Sign out, then sign in as the account it was sent to.",
      {
        internal: `verify link for ${token.userId} opened by ${actor.id}`,
      },
    );
  }
  return { verifiedAt: await verifyEmail(db, actor.id) };
});
