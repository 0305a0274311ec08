"use server";

import { AuthError } from "next-auth";
import { after } from "next/server";
import { confirmEmailChange } from "@/lib/accounts/confirm-email-change";
import { registerAccount } from "@/lib/accounts/register-account";
import { admitPasswordResetRequest, sendPasswordReset } from "@/lib/accounts/request-password-reset";
import { resetPassword } from "@/lib/accounts/reset-password";
import { log } from "@/lib/log";
import { signIn, signOut, TooManySignInAttempts } from "@/lib/server/auth";
import { db } from "@/lib/server/db";
import { formError, invalidFormInput } from "@/lib/server/form-error";
import { requestClientAddress } from "@/lib/server/request-client-address";
import { type AccountFormState, confirmEmailChangeSchema, requestPasswordResetSchema, resetPasswordSchema } from "@/lib/validation/account";
import { type AuthFormState, safeCallbackUrl, signInSchema, signUpSchema } from "@/lib/validation/auth";

// Sign-in, sign-up, password reset, the email change link and sign-out. These run before anyone is
// signed in, so they cannot go through command() (which needs an actor); they
// validate with the same schemas and answer in the same shape.

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
    return { error: invalidFormInput(parsed.error), values };
  }
  const outcome = await signInAndRedirect(parsed.data.email, parsed.data.password, safeCallbackUrl(formData.get("callbackUrl")));
  if (typeof outcome === "object")
    return { error: { code: "rate_limited", message: tooManyAttempts(outcome.lockedUntil, outcome.scope) }, values };
  return {
    error:
      outcome === "refused"
        ? { code: "unauthenticated", message: "That email and password do not match an account. Check them and try again." }
        : { code: "internal", message: GENERIC_FAILURE },
    values,
  };
}

/**
 * Creates the account, or, for an address that already has one, emails its
 * owner instead: either way the answer is "look in your inbox", so the form
 * never tells whether an address is registered. Nobody is signed in here.
 */
export async function signUpAction(_previous: AuthFormState, formData: FormData): Promise<AuthFormState> {
  const values = { name: text(formData, "name"), email: text(formData, "email") };
  const parsed = signUpSchema.safeParse({ name: formData.get("name"), email: formData.get("email"), password: formData.get("password") });
  if (!parsed.success) {
    return { error: invalidFormInput(parsed.error), values };
  }
  try {
    await registerAccount(db, parsed.data, { clientAddress: await requestClientAddress() });
  } catch (error) {
    return { error: formError(error, "sign-up"), values };
  }
  return { done: true, email: parsed.data.email };
}

const RESET_SENT =
  "If an account uses this address, we have emailed it a link to choose a new password. It works once, for an hour; asking again meanwhile sends nothing new. Check your spam folder too.";

export async function requestPasswordResetAction(_previous: AccountFormState, formData: FormData): Promise<AccountFormState> {
  const values = { email: text(formData, "email") };
  const parsed = requestPasswordResetSchema.safeParse({ email: formData.get("email") });
  if (!parsed.success) return { ok: false, error: invalidFormInput(parsed.error), values };
  try {
    await admitPasswordResetRequest(db, await requestClientAddress());
  } catch (error) {
    return { ok: false, error: formError(error, "password reset request"), values };
  }
  // After the answer, so its timing says nothing about whether the address has an account.
  const { email } = parsed.data;
  after(() =>
    sendPasswordReset(db, email).catch((error: unknown) => log.error("password reset request failed after the answer", { error })),
  );
  return { ok: true, message: RESET_SENT, values };
}

/** Sets the new password from the emailed link, then signs the person in with it. */
export async function resetPasswordAction(_previous: AccountFormState, formData: FormData): Promise<AccountFormState> {
  const parsed = resetPasswordSchema.safeParse({ token: formData.get("token"), password: formData.get("password") });
  if (!parsed.success) return { ok: false, error: invalidFormInput(parsed.error) };
  let email: string;
  try {
    ({ email } = await resetPassword(db, parsed.data));
  } catch (error) {
    return { ok: false, error: formError(error, "password reset") };
  }
  const outcome = await signInAndRedirect(email, parsed.data.password, "/todo");
  log.error("sign-in right after a password reset failed", { outcome });
  return { ok: true, message: "Your new password is set. Please sign in with it." };
}

/**
 * Finishes an email change from the link sent to the new address (with the
 * account's password), then signs this browser in with the new address:
 * every other session was ended by the change. Works signed in or out.
 */
export async function confirmEmailChangeAction(_previous: AccountFormState, formData: FormData): Promise<AccountFormState> {
  const parsed = confirmEmailChangeSchema.safeParse({ token: formData.get("token"), password: formData.get("password") });
  if (!parsed.success) return { ok: false, error: invalidFormInput(parsed.error) };
  let email: string;
  try {
    ({ email } = await confirmEmailChange(db, parsed.data));
  } catch (error) {
    return { ok: false, error: formError(error, "email change") };
  }
  const outcome = await signInAndRedirect(email, parsed.data.password, "/settings/account?changed=email");
  log.error("sign-in right after an email change failed", { outcome });
  return { ok: true, message: `Your email address is now ${email}. Please sign in with it.` };
}

export async function signOutAction(): Promise<void> {
  await signOut({ redirectTo: "/signin" });
}
