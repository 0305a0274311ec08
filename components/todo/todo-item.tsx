"use client";

import Link from "next/link";
import { useId, useRef, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import type { PendingTodo } from "@/lib/server/queries/todo-list";
import { NoteBody } from "@/components/staff/note-body";
import { DismissJobForm } from "./dismiss-job-form";
import { JobTiming } from "./job-timing";
import { failureMessage } from "@/components/actions/run-action";
import { useCompleteJob } from "./use-complete-job";
import { useDismissJob } from "./use-dismiss-job";
import { useSnoozeJob } from "./use-snooze-job";
import { SnoozePicker } from "@/components/snooze/snooze-picker";
import { useHydrated } from "@/components/actions/use-hydrated";

const dateFormat = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeZone: "UTC" });
/** A day is enough here; UTC so the server's and the browser's render agree. */
const formatDate = (date: Date) => dateFormat.format(date);

export interface TodoItemProps {
  item: PendingTodo;
  now: Date;
  /** Told when the server has accepted a tick, a dismissal or a snooze, with a sentence to announce. */
  onFinished: (message: string) => void;
}

/**
 * One pending job. Manual jobs have a checkbox that ticks at once and falls
 * back, with the server's reason beside it, if the server refuses. Jobs the
 * system completes link to where they are done instead.
 */
export function TodoItem({ item, now, onFinished }: TodoItemProps) {
  const complete = useCompleteJob({ onSuccess: () => onFinished(`“${item.title}” is done.`) });
  const dismiss = useDismissJob({ onSuccess: () => onFinished(`“${item.title}” was dismissed.`) });
  const snooze = useSnoozeJob({
    onSuccess: ({ until }) => onFinished(`“${item.title}” is snoozed until ${until?.toLocaleDateString() ?? "now"}.`),
  });
  const [askingWhy, setAskingWhy] = useState(false);
  const [pickingWhen, setPickingWhen] = useState(false);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const id = useId();
  const hydrated = useHydrated();

  const done = complete.isPending || complete.isSuccess;
  const dismissed = dismiss.isPending || dismiss.isSuccess;
  const snoozed = snooze.isPending || snooze.isSuccess;
  // Snoozed leaves the list like a finished job does (when the fresh list arrives), but is not struck through.
  const finished = done || dismissed || snoozed;
  const error = snooze.isError
    ? `We could not snooze “${item.title}”. ${failureMessage(snooze.error)}`
    : complete.isError
      ? `We could not mark “${item.title}” as done. ${failureMessage(complete.error)}`
      : dismiss.isError
        ? `We could not dismiss “${item.title}”. ${failureMessage(dismiss.error)}`
        : null;

  function toggle() {
    // No un-ticking: a finished job stays finished. aria-disabled (not
    // disabled) keeps focus on the checkbox while the server answers.
    if (finished) return;
    dismiss.reset();
    snooze.reset();
    complete.mutate({ jobId: item.id });
  }

  function dismissWith(reason: string | undefined) {
    setAskingWhy(false);
    complete.reset();
    snooze.reset();
    dismiss.mutate({ jobId: item.id, reason });
    // The form (and the button in it that had focus) is gone: keep focus on this job.
    headingRef.current?.focus();
  }

  function snoozeUntil(until: Date) {
    setPickingWhen(false);
    complete.reset();
    dismiss.reset();
    snooze.mutate({ jobId: item.id, until });
    headingRef.current?.focus();
  }

  return (
    <li
      className={cn(
        "rounded-lg border bg-white p-4 shadow-sm sm:p-5",
        error ? "border-red-300" : "border-slate-200",
        finished && "bg-slate-50",
      )}
    >
      <div className="flex items-start gap-3">
        {item.canComplete ? (
          <input
            type="checkbox"
            id={`${id}-done`}
            checked={done}
            disabled={!hydrated}
            onChange={toggle}
            aria-disabled={finished || undefined}
            aria-labelledby={`${id}-title`}
            aria-describedby={`${id}-description`}
            className="mt-0.5 size-6 shrink-0 cursor-pointer accent-indigo-600 disabled:cursor-wait"
          />
        ) : (
          // Same column as the checkbox, so titles line up; says "the system ticks this".
          <svg
            aria-hidden="true"
            viewBox="0 0 24 24"
            className="mt-0.5 size-6 shrink-0 text-slate-400"
            fill="none"
            stroke="currentColor"
            strokeWidth="2"
            strokeDasharray="3 3"
          >
            <circle cx="12" cy="12" r="10" />
          </svg>
        )}
        <div className="min-w-0 flex-1">
          <h3
            ref={headingRef}
            tabIndex={-1}
            id={`${id}-title`}
            className={cn(
              "font-medium text-slate-900 focus:outline-none",
              (done || dismissed) && "text-slate-600 line-through decoration-slate-400",
            )}
          >
            {item.title}
          </h3>
          {finished && <p className="text-sm font-medium text-emerald-800">{done ? "Done" : dismissed ? "Dismissed" : "Snoozed"}</p>}
          <p id={`${id}-description`} className="mt-1 text-sm text-slate-700">
            {item.description}
          </p>
          {item.reason && (
            <p className="mt-2 rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900">
              <span className="font-medium">Reason:</span> {item.reason}
            </p>
          )}
          {item.staffNotes.length > 0 && (
            <section aria-label={`Notes from our team on “${item.title}”`} className="mt-2 flex flex-col gap-2">
              {item.staffNotes.map((note) => (
                <div key={note.id} className="rounded-md border border-sky-200 bg-sky-50 px-3 py-2 text-sm text-sky-950">
                  <p className="font-medium">
                    Note from our team, <time dateTime={note.createdAt.toISOString()}>{formatDate(note.createdAt)}</time>
                    {note.editedAt && " (edited)"}:
                  </p>
                  <NoteBody body={note.body} />
                </div>
              ))}
            </section>
          )}
          <div className="mt-2">
            <JobTiming createdAt={item.createdAt} dueAt={item.dueAt} expiresAt={item.expiresAt} now={now} />
          </div>
          {!item.canComplete && <p className="mt-1 text-sm text-slate-600">This ticks itself off once it is done.</p>}

          {!finished && (
            <div className="mt-3 flex flex-wrap gap-2">
              {item.href && (
                <Link
                  href={item.href}
                  // The visible words start the name (so voice control finds it); the title says which job.
                  aria-label={`${item.canComplete ? "Open" : "Do it now"}: ${item.title}`}
                  className={cn(
                    "inline-flex min-h-11 items-center rounded-md px-4 text-sm font-medium",
                    item.canComplete
                      ? "border border-slate-300 bg-white text-slate-900 hover:bg-slate-100"
                      : "bg-indigo-600 text-white hover:bg-indigo-700",
                  )}
                >
                  {item.canComplete ? "Open" : "Do it now"}
                </Link>
              )}
              {item.canDismiss && (
                <Button
                  variant="ghost"
                  size="md"
                  disabled={!hydrated}
                  aria-expanded={askingWhy}
                  aria-controls={askingWhy ? `${id}-dismiss` : undefined}
                  onClick={() => {
                    setPickingWhen(false);
                    setAskingWhy(!askingWhy);
                  }}
                >
                  Dismiss<span className="sr-only"> {item.title}</span>
                </Button>
              )}
              <Button
                variant="ghost"
                size="md"
                disabled={!hydrated}
                aria-expanded={pickingWhen}
                aria-controls={pickingWhen ? `${id}-snooze` : undefined}
                onClick={() => {
                  setAskingWhy(false);
                  setPickingWhen(!pickingWhen);
                }}
              >
                Snooze<span className="sr-only"> {item.title}</span>
              </Button>
            </div>
          )}
          {pickingWhen && !finished && (
            <SnoozePicker
              id={`${id}-snooze`}
              title={item.title}
              expiresAt={item.expiresAt}
              pending={snooze.isPending}
              onSnooze={snoozeUntil}
              onCancel={() => {
                setPickingWhen(false);
                headingRef.current?.focus();
              }}
            />
          )}
          {askingWhy && !finished && (
            <DismissJobForm
              id={`${id}-dismiss`}
              title={item.title}
              onDismiss={dismissWith}
              onCancel={() => {
                setAskingWhy(false);
                headingRef.current?.focus();
              }}
            />
          )}
          {error && (
            <Alert tone="error" className="mt-3">
              {error}
            </Alert>
          )}
        </div>
      </div>
    </li>
  );
}
