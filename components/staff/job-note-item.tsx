"use client";

import { formatDistanceStrict } from "date-fns";
import { useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import type { MentionCandidate } from "@/lib/notes/mentions";
import type { JobNoteEntry } from "@/lib/server/queries/job-detail";
import { formatDateTime } from "./format-date-time";
import { DeleteJobNoteButton, JobNoteEditor } from "./job-note-editor";
import { NoteBody } from "./note-body";
import { personName } from "./person-name";

export interface JobNoteItemProps {
  note: JobNoteEntry;
  now: Date;
  /** The signed-in staff member: only a note's author may edit or delete it (the server checks it again). */
  meId: string;
  candidates: readonly MentionCandidate[];
  visibleAllowed: boolean;
}

/** A note in the job's timeline: who wrote it and when, its words, and, for its author, Edit and Delete. */
export function JobNoteItem({ note, now, meId, candidates, visibleAllowed }: JobNoteItemProps) {
  const [editing, setEditing] = useState(false);
  const [status, setStatus] = useState("");
  const headingRef = useRef<HTMLParagraphElement>(null);
  const mine = note.author?.id === meId && !note.deletedAt;

  function done(message: string) {
    setEditing(false);
    setStatus(message);
    headingRef.current?.focus();
  }

  return (
    <>
      <p ref={headingRef} tabIndex={-1} className="font-medium text-slate-900 focus:outline-none">
        {note.deletedAt ? "Note deleted" : "Note"}
        {note.visibleToSubject && !note.deletedAt && (
          <span className="ml-2 rounded bg-amber-100 px-1.5 py-0.5 text-xs font-semibold text-amber-900">Visible to the person</span>
        )}
      </p>
      <p className="text-sm text-slate-600">
        <time dateTime={note.createdAt.toISOString()}>{formatDateTime(note.createdAt)}</time> (
        {formatDistanceStrict(note.createdAt, now, { addSuffix: true })}) · by{" "}
        <span className="font-medium text-slate-800">
          {note.author?.id === meId ? "you" : personName(note.author, "a former staff member")}
        </span>
        {note.deletedAt ? (
          <>
            {" "}
            · deleted <time dateTime={note.deletedAt.toISOString()}>{formatDateTime(note.deletedAt)}</time>
          </>
        ) : (
          note.editedAt && (
            <>
              {" "}
              · edited <time dateTime={note.editedAt.toISOString()}>{formatDateTime(note.editedAt)}</time>
            </>
          )
        )}
      </p>
      {!note.deletedAt &&
        (editing ? (
          <div className="mt-2">
            <JobNoteEditor
              note={{ id: note.id, body: note.body, visibleToSubject: note.visibleToSubject }}
              candidates={candidates}
              visibleAllowed={visibleAllowed}
              onSaved={done}
              onCancel={() => {
                setEditing(false);
                headingRef.current?.focus();
              }}
            />
          </div>
        ) : (
          <NoteBody body={note.body} className="mt-1 text-sm break-words whitespace-pre-wrap text-slate-800" />
        ))}
      {mine && !editing && (
        <div className="mt-1 flex flex-wrap gap-2">
          <Button
            variant="ghost"
            size="sm"
            aria-label={`Edit your note of ${formatDateTime(note.createdAt)}`}
            onClick={() => {
              setStatus("");
              setEditing(true);
            }}
          >
            Edit
          </Button>
          <DeleteJobNoteButton noteId={note.id} label={`Delete your note of ${formatDateTime(note.createdAt)}`} onDeleted={done} />
        </div>
      )}
      <p role="status" className="sr-only">
        {status}
      </p>
    </>
  );
}
