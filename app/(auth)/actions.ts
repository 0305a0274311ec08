"use server";

import { AuthError } from "next-auth";
import { signUp } from "@/lib/accounts/sign-up";
import { isAppError } from "@/lib/errors";
import { log } from "@/lib/log";
import { signIn, signOut, TooManySignInAttempts } from "@/lib/server/auth";
import { db } from "@/lib/server/db";
import { type AuthFormState, safeCallbackUrl, signInSchema, signUpSchema } from "@/lib/validation/auth";
import { fieldErrors } from "@/lib/validation/field-errors";

// Sign-in, sign-up and sign-out. These run before anyone is signed in, so
// they cannot go through command() (which needs an actor); they validate with
// the same schemas and answer in the same shape.

const CHECK_FIELDS = "Please correct the fields marked below.";
const GENERIC_FAILURE = "Something went wrong on our side. Please try again in a moment.";

/**
 * What a person paused from signing in is told: why, when to try again, and
 * that a reset link by email works meanwhile (the pause only stops passwords).
 */
function tooManyAttempts(lockedUntil: Date, scope: "email" | "ip"): string {
  const minutes = Math.max(1, Math.ceil((lockedUntil.getTime() - Date.now()) / 60_000));
  const when = `try again in ${minutes} minute${minutes === 1 ? "" : "s"}`;
  return scope === "email"
    ? `Too many wrong passwords for this email address. To keep the account safe, signing in with a password is paused: ${when}, or reset your password by email now.`
    : `Too many wrong passwords from your network. Signing in with a password is paused: ${when}, or reset your password by email now.`;
}

function text(formData: FormData, name: string): string {
  const value = formData.get(name);
  return typeof value === "string" ? value : "";
}

/**
 * Signs in through Auth.js, which sets the session cookie and redirects.
 * Auth.js reports a refusal by throwing; its redirect is thrown too and must
 * be let through, so only AuthError is caught.
 */
async function signInAndRedirect(
  email: string,
  password: string,
  redirectTo: string,
): Promise<"refused" | "failed" | { lockedUntil: Date; scope: "email" | "ip" }> {
  try {
    await signIn("credentials", { email, password, redirectTo });
  } catch (error) {
    if (!(error instanceof AuthError)) throw error;
    if (error instanceof TooManySignInAttempts) return { lockedUntil: error.lockedUntil, scope: error.scope };
    if (error.type === "CredentialsSignin") return "refused";
    log.error("sign-in failed", { error });
    return "failed";
  }
  // signIn() redirects on success, so this is only reached if Auth.js changes that.
  throw new Error("signIn() returned without redirecting");
}

export async function signInAction(_previous: AuthFormState, formData: FormData): Promise<AuthFormState> {
  const values = { email: text(formData, "email") };
  const parsed = signInSchema.safeParse({ email: formData.get("email"), password: formData.get("password") });
  if (!parsed.success) {
    return { error: { code: "invalid_input", message: CHECK_FIELDS, fieldErrors: fieldErrors(parsed.error) }, values };
  }
  const outcome = await signInAndRedirect(parsed.data.email, parsed.data.password, safeCallbackUrl(formData.get("callbackUrl")));
  if (typeof outcome === "object") return { error: { code: "rate_limited", message: tooManyAttempts(outcome.lockedUntil, outcome.scope) }, values };
  return {
    error:
      outcome === "refused"
        ? { code: "unauthenticated", message: "That email and password do not match an account. Check them and try again." }
        : { code: "internal", message: GENERIC_FAILURE },
    values,
  };
}

export async function signUpAction(_previous: AuthFormState, formData: FormData): Promise<AuthFormState> {
  const values = { name: text(formData, "name"), email: text(formData, "email") };
  const parsed = signUpSchema.safeParse({ name: formData.get("name"), email: formData.get("email"), password: formData.get("password") });
  if (!parsed.success) {
    return { error: { code: "invalid_input", message: CHECK_FIELDS, fieldErrors: fieldErrors(parsed.error) }, values };
  }
  try {
    await signUp(db, parsed.data);
  } catch (error) {
    if (isAppError(error)) return { error: { code: error.code, message: error.userMessage, fieldErrors: error.fieldErrors }, values };
    log.error("sign-up failed", { error });
    return { error: { code: "internal", message: GENERIC_FAILURE }, values };
  }
  const outcome = await signInAndRedirect(parsed.data.email, parsed.data.password, "/todo");
  // The account exists; only the automatic sign-in failed.
  log.error("sign-in right after sign-up failed", { outcome });
  return { error: { code: "internal", message: "Your account was created, but we could not sign you in. Please sign in." }, values };
}

export async function signOutAction(): Promise<void> {
  await signOut({ redirectTo: "/signin" });
}
