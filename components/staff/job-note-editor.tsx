"use client";

import { type FormEvent, type KeyboardEvent, useId, useRef, useState } from "react";
import { deleteStaffJobNoteAction, editStaffJobNoteAction, writeStaffJobNoteAction } from "@/app/(staff)/staff/actions";
import { useHydrated } from "@/components/actions/use-hydrated";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { matchCandidates, type MentionCandidate, mentionAt } from "@/lib/notes/mentions";
import { NOTE_MAX_LENGTH, type JobNoteSaved } from "@/lib/validation/job-notes";
import { useStaffAction } from "./use-staff-action";

export interface JobNoteEditorProps {
  /** A new note on this job… */
  jobId?: string;
  /** …or an existing note of the person's own, rewritten. */
  note?: { id: string; body: string; visibleToSubject: boolean };
  /** Staff members a mention may name. */
  candidates: readonly MentionCandidate[];
  /** The job's type lets notes be shown to the person it is about. */
  visibleAllowed: boolean;
  /** Called once the server saved it, with a sentence saying what happened. */
  onSaved?: (message: string) => void;
  onCancel?: () => void;
}

function savedMessage(verb: string, saved: JobNoteSaved): string {
  if (saved.notified.length === 0) return `Note ${verb}.`;
  return `Note ${verb}. Notified: ${saved.notified.map((person) => person.name).join(", ")}.`;
}

/**
 * Writes or rewrites a note. Typing @ offers the staff members whose handle or
 * name matches, as a list under the field (ARIA: the textarea keeps focus, the
 * option under the arrow keys is its aria-activedescendant): ↓/↑ move, Enter
 * or Tab chooses, Escape closes the list.
 */
export function JobNoteEditor({ jobId, note, candidates, visibleAllowed, onSaved, onCancel }: JobNoteEditorProps) {
  const id = useId();
  const hydrated = useHydrated();
  const { pending, error, run } = useStaffAction();
  const [body, setBody] = useState(note?.body ?? "");
  const [visible, setVisible] = useState(note?.visibleToSubject ?? false);
  const [mention, setMention] = useState<{ query: string; start: number } | null>(null);
  const [active, setActive] = useState(0);
  const [saved, setSaved] = useState<string | null>(null);
  const textarea = useRef<HTMLTextAreaElement>(null);

  const options = mention ? matchCandidates(candidates, mention.query) : [];
  const open = options.length > 0;
  const bodyErrors = error?.fieldErrors?.body;
  const visibleErrors = error?.fieldErrors?.visibleToSubject;

  function track(value: string, caret: number) {
    setBody(value);
    setSaved(null);
    const next = mentionAt(value, caret);
    setMention(next);
    if (next?.query !== mention?.query) setActive(0);
  }

  function choose(candidate: MentionCandidate) {
    if (!mention) return;
    const field = textarea.current;
    const caret = field?.selectionStart ?? body.length;
    const inserted = `@${candidate.handle} `;
    const value = body.slice(0, mention.start) + inserted + body.slice(caret);
    setBody(value);
    setMention(null);
    const position = mention.start + inserted.length;
    requestAnimationFrame(() => {
      field?.focus();
      field?.setSelectionRange(position, position);
    });
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (!open) return;
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      const step = event.key === "ArrowDown" ? 1 : -1;
      setActive((active + step + options.length) % options.length);
    } else if (event.key === "Enter" || event.key === "Tab") {
      event.preventDefault();
      choose(options[active] ?? options[0]!);
    } else if (event.key === "Escape") {
      event.preventDefault();
      setMention(null);
    }
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setMention(null);
    const input = { body, visibleToSubject: visibleAllowed && visible };
    if (note) {
      run(
        () => editStaffJobNoteAction({ noteId: note.id, ...input }),
        (data) => onSaved?.(savedMessage("saved", data)),
      );
    } else if (jobId) {
      run(
        () => writeStaffJobNoteAction({ jobId, ...input }),
        (data) => {
          setBody("");
          setVisible(false);
          const message = savedMessage("added", data);
          setSaved(message);
          onSaved?.(message);
        },
      );
    }
  }

  const label = note ? "Edit your note" : "Add a note";
  const describedBy = [`${id}-help`, bodyErrors ? `${id}-error` : null].filter(Boolean).join(" ");

  return (
    <form onSubmit={submit} className="flex flex-col gap-2" aria-label={label}>
      {error && !bodyErrors && !visibleErrors && <Alert tone="error">{error.message}</Alert>}
      <label htmlFor={`${id}-body`} className="text-sm font-medium text-slate-800">
        {note ? "Your note" : "Note"}
      </label>
      <div className="relative">
        <textarea
          ref={textarea}
          id={`${id}-body`}
          name="body"
          rows={note ? 3 : 4}
          value={body}
          maxLength={NOTE_MAX_LENGTH}
          required
          onChange={(event) => track(event.target.value, event.target.selectionStart)}
          onKeyDown={onKeyDown}
          onClick={(event) => setMention(mentionAt(body, event.currentTarget.selectionStart))}
          onBlur={() => setMention(null)}
          aria-autocomplete="list"
          aria-controls={open ? `${id}-mentions` : undefined}
          aria-activedescendant={open ? `${id}-mention-${active}` : undefined}
          aria-invalid={bodyErrors ? true : undefined}
          aria-describedby={describedBy}
          className="w-full rounded-md border border-slate-300 px-3 py-2 text-base text-slate-900 shadow-sm"
        />
        {open && (
          <ul
            id={`${id}-mentions`}
            role="listbox"
            aria-label="Staff members to mention"
            className="absolute z-10 mt-1 max-h-60 w-full overflow-auto rounded-md border border-slate-200 bg-white py-1 shadow-lg"
          >
            {options.map((candidate, index) => (
              <li
                key={candidate.handle + candidate.label}
                id={`${id}-mention-${index}`}
                role="option"
                aria-selected={index === active}
                // mousedown, not click: the textarea keeps focus (its blur would close the list first).
                onMouseDown={(event) => {
                  event.preventDefault();
                  choose(candidate);
                }}
                className={cn("cursor-pointer px-3 py-2 text-sm", index === active ? "bg-indigo-100 text-indigo-950" : "text-slate-900")}
              >
                <span className="font-medium">{candidate.label}</span> <span className="text-slate-600">@{candidate.handle}</span>
              </li>
            ))}
          </ul>
        )}
      </div>
      <p id={`${id}-help`} className="text-sm text-slate-600">
        Plain text; links starting with https:// become clickable. Type @ and a name to mention a staff member (the part of their email
        before the @, like @ann.lee): they get a notification.
      </p>
      <p aria-live="polite" className="sr-only">
        {open
          ? `${options.length} staff member${options.length === 1 ? "" : "s"} to mention: use the up and down arrows, Enter to choose.`
          : ""}
      </p>
      {bodyErrors && (
        <p id={`${id}-error`} role="alert" className="text-sm text-red-700">
          {bodyErrors.join(" ")}
        </p>
      )}
      {visibleAllowed && (
        <div className="flex flex-col gap-1">
          <label className="flex items-start gap-2 text-sm text-slate-800">
            <input
              type="checkbox"
              name="visibleToSubject"
              checked={visible}
              onChange={(event) => setVisible(event.target.checked)}
              aria-describedby={`${id}-visible-help`}
              className="mt-0.5 size-5 accent-indigo-600"
            />
            <span>Show to the person</span>
          </label>
          <p id={`${id}-visible-help`} className="pl-7 text-sm text-slate-600">
            They see it on their todo item about this (for a document: the request to upload a new one, if it is rejected).
          </p>
          {visibleErrors && (
            <p role="alert" className="pl-7 text-sm text-red-700">
              {visibleErrors.join(" ")}
            </p>
          )}
        </div>
      )}
      <div className="flex flex-wrap gap-2">
        <Button type="submit" size="sm" disabled={!hydrated} pending={pending} pendingLabel="Saving…">
          {note ? "Save note" : "Add note"}
        </Button>
        {onCancel && (
          <Button variant="secondary" size="sm" onClick={onCancel} disabled={pending}>
            Cancel
          </Button>
        )}
      </div>
      {saved && <Alert tone="success">{saved}</Alert>}
    </form>
  );
}

/** Deletes one of the person's own notes, after asking once. */
export function DeleteJobNoteButton({ noteId, label, onDeleted }: { noteId: string; label: string; onDeleted: (message: string) => void }) {
  const [asking, setAsking] = useState(false);
  const { pending, error, run } = useStaffAction();
  const hydrated = useHydrated();
  if (!asking) {
    return (
      <Button variant="ghost" size="sm" disabled={!hydrated} aria-label={label} onClick={() => setAsking(true)}>
        Delete
      </Button>
    );
  }
  return (
    <div role="group" aria-label="Delete this note?" className="flex flex-wrap items-center gap-2">
      <span className="text-sm text-slate-800">Delete this note? Its words go for good.</span>
      <Button
        variant="danger"
        size="sm"
        autoFocus
        pending={pending}
        pendingLabel="Deleting…"
        onClick={() =>
          run(
            () => deleteStaffJobNoteAction({ noteId }),
            () => onDeleted("Note deleted."),
          )
        }
      >
        Delete note
      </Button>
      <Button variant="secondary" size="sm" disabled={pending} onClick={() => setAsking(false)}>
        Keep it
      </Button>
      {error && <Alert tone="error">{error.message}</Alert>}
    </div>
  );
}
