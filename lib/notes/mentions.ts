// `@name` mentions in a note. A staff member's handle is the part of their
// email address before the @, lower-cased (ann.lee@example.com is @ann.lee):
// unique enough inside one team, stable while a display name changes, and
// typed without spaces. Two staff members with the same local part on
// different domains share a handle, and a mention notifies both.
// Framework-free: the note editor's autocomplete and the server use the same rules.

/** A handle's characters: what email local parts use in practice, minus the rare quoted forms. */
const HANDLE_CHARS = "a-z0-9._+-";

/**
 * `@` at the start or after a character that cannot end a handle or an email
 * address (so "ann@example.com" in a note mentions nobody), then the handle.
 */
const MENTION = new RegExp(`(^|[^${HANDLE_CHARS}@])@([a-z0-9][${HANDLE_CHARS}]*)`, "gi");

/** Mentions read from one note, at most: a note that names a whole team should not notify one by one. */
export const MENTIONS_PER_NOTE = 20;

/** The handle a staff member is mentioned by. */
export function staffHandle(email: string): string {
  // The first @, as the SQL that matches handles reads it (split_part).
  const at = email.indexOf("@");
  return (at === -1 ? email : email.slice(0, at)).toLowerCase();
}

/** The distinct handles `body` mentions, lower-cased, in order of first mention. */
export function findMentions(body: string): string[] {
  const handles = new Set<string>();
  for (const match of body.matchAll(MENTION)) {
    // A sentence ending in a mention ("thanks @ann.") leaves the full stop out.
    const handle = match[2]!.replace(/[._+-]+$/, "").toLowerCase();
    if (handle) handles.add(handle);
    if (handles.size === MENTIONS_PER_NOTE) break;
  }
  return [...handles];
}

/**
 * The mention being typed at `caret` (the text after its @, possibly empty),
 * with where it starts; null when the caret is not in a mention. For the
 * editor's autocomplete.
 */
export function mentionAt(body: string, caret: number): { query: string; start: number } | null {
  const before = body.slice(0, caret);
  const match = new RegExp(`(^|[^${HANDLE_CHARS}@])@([${HANDLE_CHARS}]*)$`, "i").exec(before);
  if (!match) return null;
  return { query: match[2]!.toLowerCase(), start: caret - match[2]!.length - 1 };
}

/** A staff member as the note editor offers them for a mention. */
export interface MentionCandidate {
  handle: string;
  /** Their name, or their email when they have none. */
  label: string;
}

/** Candidates for the mention being typed: handle or name starting with the query, then containing it; at most `limit`. */
export function matchCandidates(candidates: readonly MentionCandidate[], query: string, limit = 8): MentionCandidate[] {
  const q = query.toLowerCase();
  const starts = candidates.filter((c) => c.handle.startsWith(q) || c.label.toLowerCase().startsWith(q));
  const contains = candidates.filter((c) => !starts.includes(c) && (c.handle.includes(q) || c.label.toLowerCase().includes(q)));
  return [...starts, ...contains].slice(0, limit);
}
