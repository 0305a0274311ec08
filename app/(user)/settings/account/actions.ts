"use server";

import { revalidatePath } from "next/cache";
import { AuthError } from "next-auth";
import { changePassword } from "@/lib/accounts/change-password";
import { requestEmailChange } from "@/lib/accounts/request-email-change";
import { signOutEverywhere } from "@/lib/accounts/sign-out-everywhere";
import { log } from "@/lib/log";
import { signIn, signOut } from "@/lib/server/auth";
import { db } from "@/lib/server/db";
import { formError, invalidFormInput } from "@/lib/server/form-error";
import { getActor } from "@/lib/server/session";
import { type AccountFormState, changePasswordSchema, requestEmailChangeSchema } from "@/lib/validation/account";

// The account page's actions. Each reads the person from the session (never
// from the form) and answers a signed-out caller with a clear refusal.

const SIGNED_OUT: AccountFormState = {
  ok: false,
  error: { code: "unauthenticated", message: "You are signed out. Sign in again to change your account." },
};

/**
 * Changes the password and so ends every session, this one too; this browser
 * is then signed in again with the new password (a fresh cookie carrying the
 * new session version), so only the other devices are signed out.
 */
export async function changePasswordAction(_previous: AccountFormState, formData: FormData): Promise<AccountFormState> {
  const actor = await getActor();
  if (!actor) return SIGNED_OUT;
  const parsed = changePasswordSchema.safeParse({
    currentPassword: formData.get("currentPassword"),
    newPassword: formData.get("newPassword"),
  });
  if (!parsed.success) {
    return { ok: false, error: invalidFormInput(parsed.error) };
  }
  let email: string;
  try {
    ({ email } = await changePassword(db, actor.id, parsed.data));
  } catch (error) {
    return { ok: false, error: formError(error, "change password") };
  }
  try {
    await signIn("credentials", { email, password: parsed.data.newPassword, redirectTo: "/settings/account?changed=password" });
  } catch (error) {
    // signIn() redirects by throwing; only Auth.js's own refusals are caught.
    if (!(error instanceof AuthError)) throw error;
    log.error("sign-in after a password change failed", { error });
  }
  return { ok: true, message: "Your password is changed. Please sign in again with it." };
}

/**
 * Starts an email change: the link goes to the new address. The answer is the
 * same whether or not that address already has an account.
 */
export async function requestEmailChangeAction(_previous: AccountFormState, formData: FormData): Promise<AccountFormState> {
  const actor = await getActor();
  if (!actor) return SIGNED_OUT;
  const typed = formData.get("newEmail");
  const values = { email: typeof typed === "string" ? typed : "" };
  const parsed = requestEmailChangeSchema.safeParse({
    newEmail: formData.get("newEmail"),
    currentPassword: formData.get("currentPassword"),
  });
  if (!parsed.success) {
    return { ok: false, error: invalidFormInput(parsed.error), values };
  }
  try {
    await requestEmailChange(db, actor.id, parsed.data);
  } catch (error) {
    return { ok: false, error: formError(error, "email change request"), values };
  }
  revalidatePath("/settings/account");
  return {
    ok: true,
    message: `We emailed a link to ${parsed.data.newEmail}. Open it and enter your password to finish the change; it works for a day. Your address stays ${actor.email} until then, and we told it about this request.`,
  };
}

/** Ends every session of this account, on every device, then this one. */
export async function signOutEverywhereAction(): Promise<void> {
  const actor = await getActor();
  if (actor) await signOutEverywhere(db, actor.id);
  await signOut({ redirectTo: "/signin" });
}
