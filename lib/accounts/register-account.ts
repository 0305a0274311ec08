import { type Db, inTransaction, Prisma } from "@/lib/db/client";
import { hashPassword } from "@/lib/auth/password";
import { AppError } from "@/lib/errors";
import { jobRequested } from "@/lib/jobs";
import { signUpSchema, type SignUpInput } from "@/lib/validation/auth";
import { fieldErrors } from "@/lib/validation/field-errors";
import { startOrganisation } from "@/lib/organisations/start-organisation";
import { requestOnboardingJobs } from "./onboarding";
import { hitRateLimit, RATE_LIMITS, rateLimitKey } from "./rate-limit";
import { retryIn } from "./retry-in";

/**
 * Sign-up as the public form does it: limited per client address and per
 * email address, and answering the same whether or not the address already
 * has an account. A new address gets its account (and, through the onboarding
 * job, a "verify your email" email); a taken one gets no account and no error:
 * its owner is emailed instead ("someone tried to sign up with your address").
 * Both cost one bcrypt hash, so timing does not tell them apart either.
 * Returns which it was, for tests and logs only: never show it.
 */
export async function registerAccount(
  db: Db,
  rawInput: SignUpInput,
  options: { clientAddress: string; now?: Date },
): Promise<{ outcome: "created" | "existing"; userId: string }> {
  const parsed = signUpSchema.safeParse(rawInput);
  if (!parsed.success) {
    throw new AppError("invalid_input", "Please check the highlighted fields.", { fieldErrors: fieldErrors(parsed.error) });
  }
  const { name, email, password } = parsed.data;
  const now = options.now ?? new Date();
  for (const [limit, value] of [
    ["sign-up:ip", options.clientAddress],
    ["sign-up:email", email],
  ] as const) {
    const hit = await hitRateLimit(db, rateLimitKey(limit, value), RATE_LIMITS[limit], now);
    if (!hit.allowed) {
      throw new AppError(
        "rate_limited",
        limit === "sign-up:ip"
          ? `Too many sign-ups from your network. Please ${retryIn(hit.blockedUntil ?? now, now)}.`
          : `Too many sign-ups with this email address. Please ${retryIn(hit.blockedUntil ?? now, now)}.`,
      );
    }
  }
  const passwordHash = await hashPassword(password);
  try {
    const user = await inTransaction(db, async (tx) => {
      const created = await tx.user.create({ data: { name, email, passwordHash, role: "user" }, select: { id: true } });
      await requestOnboardingJobs(tx, created.id);
      // Their own team ("Ann's team"); accepting an invitation later moves them into the inviter's.
      await startOrganisation(tx, { id: created.id, name, email });
      return created;
    });
    return { outcome: "created", userId: user.id };
  } catch (error) {
    if (!(error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002")) throw error;
  }
  const owner = await db.user.findUniqueOrThrow({ where: { email }, select: { id: true } });
  // Idempotent: while one notice is pending (a day), more attempts send nothing.
  await jobRequested(db, {
    target: { type: "user", id: owner.id },
    jobType: "account.sign-up-attempted",
    idempotent: true,
    sender: "registerAccount",
  });
  return { outcome: "existing", userId: owner.id };
}
