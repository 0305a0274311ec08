import { z } from "zod";
import { newPasswordField, signInSchema } from "./auth";
import { text } from "./text";

// The account forms: password reset, change password, change email, sign out everywhere.
// Checked the same way in the browser's action call and on the server.

export const requestPasswordResetSchema = signInSchema.pick({ email: true });
export type RequestPasswordResetInput = z.infer<typeof requestPasswordResetSchema>;

export const resetPasswordSchema = z.object({
  token: text({ label: "The link", kind: "exact", error: "This link is incomplete." })
    .min(1, "This link is incomplete.")
    .max(200, "This link is not one of ours."),
  password: newPasswordField,
});
export type ResetPasswordInput = z.infer<typeof resetPasswordSchema>;

export const changePasswordSchema = z
  .object({
    currentPassword: text({ label: "The password", kind: "exact", error: "Enter your current password." })
      .min(1, "Enter your current password.")
      .max(1024, "That password is too long."),
    newPassword: newPasswordField,
  })
  .refine((value) => value.currentPassword !== value.newPassword, {
    path: ["newPassword"],
    message: "Choose a password different from the current one.",
  });
export type ChangePasswordInput = z.infer<typeof changePasswordSchema>;

const currentPassword = text({ label: "The password", kind: "exact", error: "Enter your current password." })
  .min(1, "Enter your current password.")
  .max(1024, "That password is too long.");

export const requestEmailChangeSchema = z.object({
  newEmail: signInSchema.shape.email,
  currentPassword,
});
export type RequestEmailChangeInput = z.infer<typeof requestEmailChangeSchema>;

export const confirmEmailChangeSchema = z.object({
  token: resetPasswordSchema.shape.token,
  password: signInSchema.shape.password,
});
export type ConfirmEmailChangeInput = z.infer<typeof confirmEmailChangeSchema>;

/**
 * What an account form gets back when it stays on the page: a success
 * message, or the error with what was typed (never a password).
 */
export type AccountFormState =
  | { ok: true; message: string; values?: { email?: string } }
  | { ok: false; error: { code: string; message: string; fieldErrors?: Record<string, string[]> }; values?: { email?: string } }
  | null;
