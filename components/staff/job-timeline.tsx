import { formatDistanceStrict } from "date-fns";
import type { JsonObject } from "@/lib/jobs";
import type { MentionCandidate } from "@/lib/notes/mentions";
import type { JobNoteEntry, JobTimelineEvent } from "@/lib/server/queries/job-detail";
import { formatDateTime } from "./format-date-time";
import { jobLabels } from "./job-labels";
import { JobNoteItem } from "./job-note-item";
import { MetadataList } from "./metadata-list";
import { personName } from "./person-name";

function isObject(value: unknown): value is JsonObject {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/**
 * An exception reported again while its job was pending: which occurrence,
 * what went wrong this time and what the reporting code knew (the "recurred"
 * event's error and context, as the first report's are the job's metadata).
 */
function RecurrenceDetails({ data }: { data: JsonObject }) {
  const { occurrence, error, context, sender } = data;
  const message = isObject(error) && typeof error.message === "string" ? error.message : null;
  return (
    <>
      <p>
        {typeof occurrence === "number" ? <>Occurrence {occurrence}</> : "Occurred again"}
        {typeof sender === "string" && <>, reported by {sender}</>}
      </p>
      {message && (
        <p>
          Error: <q className="whitespace-pre-wrap">{message}</q>
        </p>
      )}
      {isObject(context) && Object.keys(context).length > 0 && (
        <div className="mt-1">
          <MetadataList metadata={context} />
        </div>
      )}
    </>
  );
}

function isoDate(value: unknown): Date | null {
  if (typeof value !== "string") return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** A "snoozed" event: until when, or woken early (until null), and the snooze it replaced. */
function SnoozeDetails({ data }: { data: JsonObject }) {
  const until = isoDate(data.until);
  const from = isoDate(data.from);
  return (
    <p>
      {until ? (
        <>
          Out of the queue until <time dateTime={until.toISOString()}>{formatDateTime(until)}</time>
        </>
      ) : (
        "Woken early: back in the queue"
      )}
      {from && (
        <>
          {" "}
          (was snoozed until <time dateTime={from.toISOString()}>{formatDateTime(from)}</time>)
        </>
      )}
    </p>
  );
}

/** A "reopened" event: the reason given and the status it came back from. */
function ReopenDetails({ data }: { data: JsonObject }) {
  const from =
    typeof data.from === "string" && data.from in jobLabels.status ? jobLabels.status[data.from as keyof typeof jobLabels.status] : null;
  return (
    <>
      {typeof data.reason === "string" && (
        <p>
          Reason: <q className="whitespace-pre-wrap">{data.reason}</q>
        </p>
      )}
      {from && <p>It was {from.toLowerCase()}.</p>}
    </>
  );
}

const SLA_RULE_WORDS: Record<string, string> = { "first-action": "Nobody acted on it in time", resolve: "Not resolved in time" };

/** An "escalated" event: the SLA rule breached, its deadline, and the priority it raised. */
function EscalationDetails({ data }: { data: JsonObject }) {
  const deadline = typeof data.deadline === "string" ? new Date(data.deadline) : null;
  const priority = isObject(data.priority) ? data.priority : null;
  const word = (value: unknown) =>
    typeof value === "string" && value in jobLabels.priority ? jobLabels.priority[value as keyof typeof jobLabels.priority] : null;
  return (
    <>
      <p>
        {(typeof data.rule === "string" && SLA_RULE_WORDS[data.rule]) || "Missed its service level"}
        {deadline && !Number.isNaN(deadline.getTime()) && (
          <>
            {" "}
            (due <time dateTime={deadline.toISOString()}>{formatDateTime(deadline)}</time>)
          </>
        )}
      </p>
      {priority && word(priority.from) && word(priority.to) && (
        <p>
          Priority raised from {word(priority.from)} to {word(priority.to)}
        </p>
      )}
    </>
  );
}

/** What an event's data means, in words; anything not understood is shown as key/values. */
function EventDetails({ event }: { event: JobTimelineEvent }) {
  const { data } = event;
  if (event.kind === "assigned" && event.assignment) {
    return (
      <p>
        From <strong className="font-medium">{personName(event.assignment.from, "nobody")}</strong> to{" "}
        <strong className="font-medium">{personName(event.assignment.to, "nobody")}</strong>
      </p>
    );
  }
  if (event.kind === "recurred") return <RecurrenceDetails data={data} />;
  if (event.kind === "escalated") return <EscalationDetails data={data} />;
  if (event.kind === "snoozed") return <SnoozeDetails data={data} />;
  if (event.kind === "reopened") return <ReopenDetails data={data} />;
  const { note, metadata, sender, ...rest } = data;
  const label = event.kind === "cancelled" ? "Reason" : "Note";
  return (
    <>
      {typeof note === "string" && (
        <p>
          {label}: <q className="whitespace-pre-wrap">{note}</q>
        </p>
      )}
      {typeof sender === "string" && <p>Asked for by {sender}</p>}
      {isObject(metadata) && (
        <div className="mt-1">
          <MetadataList metadata={metadata} />
        </div>
      )}
      {Object.keys(rest).length > 0 && (
        <div className="mt-1">
          <MetadataList metadata={rest} />
        </div>
      )}
    </>
  );
}

/** What a note in the timeline needs besides itself: who is looking, whom a mention may name, and whether notes may be shown to the person. */
export interface TimelineNoteContext {
  meId: string;
  candidates: readonly MentionCandidate[];
  visibleAllowed: boolean;
}

type Entry = { kind: "event"; at: Date; event: JobTimelineEvent } | { kind: "note"; at: Date; note: JobNoteEntry };

/** Events and notes in one line of time, oldest first; at the same instant the event (say, "requested") comes first. */
function entriesOf(events: JobTimelineEvent[], notes: JobNoteEntry[]): Entry[] {
  const entries: Entry[] = [
    ...events.map((event) => ({ kind: "event" as const, at: event.at, event })),
    ...notes.map((note) => ({ kind: "note" as const, at: note.createdAt, note })),
  ];
  // Array.prototype.sort is stable: equal times keep events before notes.
  return entries.sort((a, b) => a.at.getTime() - b.at.getTime());
}

/** The audit trail of a job, oldest first: what happened, when, and who or what did it; staff notes among it. */
export function JobTimeline({
  events,
  now,
  notes = [],
  noteContext,
}: {
  events: JobTimelineEvent[];
  now: Date;
  notes?: JobNoteEntry[];
  noteContext?: TimelineNoteContext;
}) {
  if (events.length === 0 && notes.length === 0) return <p className="text-sm text-slate-600">No events recorded.</p>;
  return (
    <ol className="relative flex flex-col gap-4 border-l-2 border-slate-200 pl-5" aria-label="Audit timeline">
      {entriesOf(events, notes).map((entry) =>
        entry.kind === "note" ? (
          <li key={`note-${entry.note.id}`} className="relative">
            <span aria-hidden="true" className="absolute top-1.5 -left-[1.6rem] size-3 rounded-full border-2 border-white bg-amber-500" />
            <JobNoteItem
              note={entry.note}
              now={now}
              meId={noteContext?.meId ?? ""}
              candidates={noteContext?.candidates ?? []}
              visibleAllowed={noteContext?.visibleAllowed ?? false}
            />
          </li>
        ) : (
          <TimelineEvent key={entry.event.id} event={entry.event} now={now} />
        ),
      )}
    </ol>
  );
}

function TimelineEvent({ event, now }: { event: JobTimelineEvent; now: Date }) {
  return (
    <li className="relative">
      <span aria-hidden="true" className="absolute top-1.5 -left-[1.6rem] size-3 rounded-full border-2 border-white bg-indigo-600" />
      <p className="font-medium text-slate-900">{jobLabels.event[event.kind]}</p>
      <p className="text-sm text-slate-600">
        <time dateTime={event.at.toISOString()}>{formatDateTime(event.at)}</time> (
        {formatDistanceStrict(event.at, now, { addSuffix: true })}) · by{" "}
        {event.actor ? <span className="font-medium text-slate-800">{personName(event.actor)}</span> : jobLabels.source[event.source]}
        {event.actor && event.source !== "staff" && <> ({jobLabels.source[event.source]})</>}
      </p>
      <div className="mt-1 text-sm text-slate-800">
        <EventDetails event={event} />
      </div>
    </li>
  );
}
