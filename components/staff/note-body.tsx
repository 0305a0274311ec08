import { noteParts } from "@/lib/notes/note-text";

/**
 * A note's words as text nodes (React escapes them: nothing typed becomes
 * markup), with written-out http(s) URLs as links. nofollow: the words are a
 * person's, not ours to vouch for; noopener noreferrer: the page opened learns
 * nothing of this one.
 */
export function NoteBody({ body, className }: { body: string; className?: string }) {
  return (
    <p className={className ?? "break-words whitespace-pre-wrap"}>
      {noteParts(body).map((part, index) =>
        part.kind === "link" ? (
          <a
            key={index}
            href={part.href}
            rel="noopener noreferrer nofollow"
            className="break-all text-indigo-700 underline underline-offset-2 hover:text-indigo-900"
          >
            {part.text}
          </a>
        ) : (
          <span key={index}>{part.text}</span>
        ),
      )}
    </p>
  );
}
