// A note is plain text: it is rendered as text nodes, never as HTML or
// markdown, so nothing typed in it can become markup. The only thing made of
// it is a link, for an http(s) URL written out in full. Framework-free, so the
// component that renders a note stays a loop over these parts.

export type NotePart = { kind: "text"; text: string } | { kind: "link"; text: string; href: string };

// Up to the first whitespace or character that cannot be in a written-out URL.
const URL_CANDIDATE = /\bhttps?:\/\/[^\s<>"'`{}|\\^]+/gi;
// Punctuation that usually ends the sentence around a URL rather than the URL.
const TRAILING = /[.,;:!?]+$/;

/** The link a written URL stands for, or null when it is not a well-formed http(s) URL. */
export function safeHref(candidate: string): string | null {
  let url: URL;
  try {
    url = new URL(candidate);
  } catch {
    return null;
  }
  // The scheme is checked again after parsing: only these two ever become a link.
  if (url.protocol !== "http:" && url.protocol !== "https:") return null;
  if (!url.hostname) return null;
  return url.href;
}

/** `body` cut into text and links, in order; joined back, the parts' text is `body`. */
export function noteParts(body: string): NotePart[] {
  const parts: NotePart[] = [];
  let last = 0;
  for (const match of body.matchAll(URL_CANDIDATE)) {
    let candidate = match[0];
    // A URL in brackets "(see https://x.test/a)" keeps its own brackets only when balanced.
    candidate = candidate.replace(TRAILING, "");
    while (candidate.endsWith(")") && count(candidate, "(") < count(candidate, ")"))
      candidate = candidate.slice(0, -1).replace(TRAILING, "");
    const href = safeHref(candidate);
    if (!href) continue;
    const start = match.index;
    if (start > last) parts.push({ kind: "text", text: body.slice(last, start) });
    parts.push({ kind: "link", text: candidate, href });
    last = start + candidate.length;
  }
  if (last < body.length) parts.push({ kind: "text", text: body.slice(last) });
  return parts;
}

function count(value: string, char: string): number {
  return value.split(char).length - 1;
}
