import { toStorableText } from "./text";

/** documents.file_name is VARCHAR(255): PostgreSQL counts code points. */
export const FILE_NAME_MAX = 255;

/**
 * A file name as we store and show it: no control characters, no half
 * surrogate pairs, and at most FILE_NAME_MAX code points, cut between whole
 * characters as people see them (an emoji family or an accented letter is
 * kept whole or dropped whole, never split).
 */
export function storableFileName(name: string, fallback = "document"): string {
  const clean = toStorableText(name).trim();
  let kept = "";
  let length = 0;
  for (const { segment } of new Intl.Segmenter(undefined, { granularity: "grapheme" }).segment(clean)) {
    const codePoints = Array.from(segment).length;
    if (length + codePoints > FILE_NAME_MAX) break;
    kept += segment;
    length += codePoints;
  }
  return kept.trim() || fallback;
}
