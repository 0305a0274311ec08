import { type Db, inTransaction, Prisma } from "@/lib/db/client";
import { hashPassword } from "@/lib/auth/password";
import type { Role } from "@/lib/auth/roles";
import { AppError } from "@/lib/errors";
import { startOrganisation } from "@/lib/organisations/start-organisation";
import { requestOnboardingJobs } from "./onboarding";
import { signUpSchema, type SignUpInput } from "@/lib/validation/auth";
import { fieldErrors } from "@/lib/validation/field-errors";

export interface SignedUpUser {
  id: string;
  email: string;
  name: string | null;
  role: Role;
}

/**
 * Creates an account with the role "user". The email is stored lowercased.
 *
 * Throws `invalid_input` (with field errors) for bad input and `conflict` when
 * the email is taken. The database's unique index decides the latter, so two
 * sign-ups racing for one address leave one account and one clear refusal.
 * Pass a transaction as `db` to sign up atomically with your own changes.
 */
export async function signUp(db: Db, rawInput: SignUpInput): Promise<SignedUpUser> {
  const parsed = signUpSchema.safeParse(rawInput);
  if (!parsed.success) {
    throw new AppError("invalid_input", "Please check the highlighted fields.", { fieldErrors: fieldErrors(parsed.error) });
  }
  const { name, email, password } = parsed.data;
  // Hash before the transaction opens: bcrypt takes a noticeable moment and
  // nothing about it needs the database.
  const passwordHash = await hashPassword(password);

  try {
    // Work that must happen with the account (the onboarding jobs) joins this
    // transaction, so a half-created account is never left behind.
    return await inTransaction(db, async (tx) => {
      const user = await tx.user.create({
        data: { name, email, passwordHash, role: "user" },
        select: { id: true, email: true, name: true, role: true },
      });
      await requestOnboardingJobs(tx, user.id);
      await startOrganisation(tx, user);
      return user;
    });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      throw new AppError("conflict", "An account with this email already exists.", {
        internal: `sign-up refused: ${email} is taken`,
        fieldErrors: { email: ["An account with this email already exists. Sign in instead?"] },
        cause: error,
      });
    }
    throw error;
  }
}
