import { z } from "zod";

// Zod compiles object schemas with `new Function` unless told not to, and even
// its probe for that is reported as a violation of the pages' CSP (no
// 'unsafe-eval'). Every schema imports this file, so this runs before any parse.
z.config({ jitless: true });

// Half of a surrogate pair ("\uD83D" alone, as a cut through an emoji leaves
// it): not text in any encoding, and PostgreSQL refuses it inside JSON.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

// C0 and C1 control characters. NUL is refused before these are stripped.
const CONTROL_IN_LINE = /[\u0000-\u001f\u007f-\u009f]/g;
// Free text keeps its line breaks and tabs; CRLF becomes LF.
const CONTROL_IN_TEXT = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g;

export type TextKind =
  /** One line (a name, a title): tabs and line breaks become spaces, other control characters go. */
  | "line"
  /** Free text (a reason, a note): line breaks and tabs stay, other control characters go. */
  | "multiline"
  /** Kept exactly as typed (a password, a token): only the refusals apply. */
  | "exact";

/** True when `value` can be stored as text: no NUL and no half of a surrogate pair. */
export function isStorableText(value: string): boolean {
  return !value.includes("\u0000") && !LONE_SURROGATE.test(value);
}

/**
 * The base of every text field people fill in. PostgreSQL cannot store a NUL
 * (in text or JSON) nor a lone surrogate (in JSON): refused here with a
 * message, rather than failing the write with a 500. Chain `.trim()`, `.min()`,
 * `.max()` as on any z.string().
 */
export function text({ label, kind = "line", error }: { label: string; kind?: TextKind; error?: string }) {
  const schema = z
    .string({ error: error ?? `${label} must be text.` })
    .refine((value) => !value.includes("\u0000"), `${label} contains a NUL character, which cannot be stored. Remove it and try again.`)
    .refine(
      (value) => !LONE_SURROGATE.test(value),
      `${label} contains a broken character (half of an emoji or symbol). Retype it and try again.`,
    );
  if (kind === "line") return schema.overwrite((value) => value.replace(/[\t\n\r]/g, " ").replace(CONTROL_IN_LINE, ""));
  if (kind === "multiline") return schema.overwrite((value) => value.replace(/\r\n?/g, "\n").replace(CONTROL_IN_TEXT, ""));
  return schema;
}

const LONE_SURROGATES = new RegExp(LONE_SURROGATE.source, "g");

/**
 * For text that must be stored even when it is odd (a file's name as the
 * browser sent it): NUL and other control characters removed, half surrogate
 * pairs replaced by U+FFFD.
 */
export function toStorableText(value: string): string {
  return value.replace(LONE_SURROGATES, "\uFFFD").replace(CONTROL_IN_LINE, "");
}
