import { z } from "zod";
import type { ActionError } from "./action-result";
import { text } from "./text";

// Sign-up and sign-in forms, checked the same way in the browser's action call
// and on the server.

const email = text({ label: "The email address", error: "Enter your email address." })
  .trim()
  .min(1, "Enter your email address.")
  .max(254, "That email address is too long.")
  .pipe(z.email({ error: "Enter an email address like name@example.com." }))
  // Emails are stored lowercased so "Ann@X.com" and "ann@x.com" are one account.
  .transform((value) => value.toLowerCase());

export const PASSWORD_MIN_LENGTH = 8;

/** A password being chosen (sign-up, reset, change). */
export const newPasswordField = text({ label: "The password", kind: "exact", error: "Choose a password." })
  .min(PASSWORD_MIN_LENGTH, `Use at least ${PASSWORD_MIN_LENGTH} characters.`)
  // bcrypt only looks at the first 72 bytes; refuse more rather than ignore it silently.
  .refine((value) => new TextEncoder().encode(value).length <= 72, "Use at most 72 characters.");

export const signUpSchema = z.object({
  name: text({ label: "Your name", error: "Enter your name." })
    .trim()
    .min(1, "Enter your name.")
    .max(100, "Keep your name under 100 characters."),
  email,
  password: newPasswordField,
});

export type SignUpInput = z.infer<typeof signUpSchema>;

export const signInSchema = z.object({
  email,
  password: text({ label: "The password", kind: "exact", error: "Enter your password." })
    .min(1, "Enter your password.")
    .max(1024, "That password is too long."),
});

export type SignInInput = z.infer<typeof signInSchema>;

// Any origin works as the base: a value is accepted only if it resolves to
// this same origin, i.e. it was a path; what is kept is path, query and hash.
const CALLBACK_BASE = new URL("http://callback.invalid");

// Browsers drop tabs and newlines inside URLs and read a backslash as "/", so
// "/\t/evil.example" is "//evil.example" to them; a CR or LF in a Location
// header makes Node throw (a 500). Refused raw or percent-encoded (once or
// more: "%2509"), since a value may be decoded again on its way.
const UNSAFE_IN_CALLBACK = /[\u0000-\u001f\u007f\\]|%(?:25)*(?:[01][0-9a-f]|7f|5c)/i;

// Dot segments are resolved only by the parser, so "/.//evil.example" and
// "/a/..//evil.example" come out as "//evil.example": checked on the result.
// An encoded slash there ("/%2F/evil") is one decoding away from the same.
const OFF_SITE_START = /^\/(?:[/\\]|%(?:25)*(?:2f|5c))/i;

/**
 * Where to go after signing in: only a path on this site, so a crafted link
 * cannot send someone elsewhere ("//evil.example", "https://…",
 * "/%09/evil.example" fall back).
 */
export function safeCallbackUrl(value: unknown, fallback = "/todo"): string {
  if (typeof value !== "string" || !value.startsWith("/") || UNSAFE_IN_CALLBACK.test(value)) return fallback;
  if (!URL.canParse(value, CALLBACK_BASE)) return fallback;
  const url = new URL(value, CALLBACK_BASE);
  if (url.origin !== CALLBACK_BASE.origin) return fallback;
  const path = url.pathname + url.search + url.hash;
  return OFF_SITE_START.test(path) ? fallback : path;
}

/**
 * What the sign-in and sign-up forms get back when they stay on the page
 * (a sign-in that works redirects instead): the error, and what was typed, so
 * the form can keep it. Never the password.
 */
export type AuthFormState =
  | {
      error: ActionError;
      values: { name?: string; email?: string };
    }
  /** Sign-up's one answer, whether or not the address had an account: look in your inbox. */
  | { done: true; email: string }
  | null;
