import { formatDistanceStrict } from "date-fns";
import type { JsonObject } from "@/lib/jobs";
import type { JobTimelineEvent } from "@/lib/server/queries/job-detail";
import { formatDateTime } from "./format-date-time";
import { jobLabels } from "./job-labels";
import { MetadataList } from "./metadata-list";
import { personName } from "./person-name";

function isObject(value: unknown): value is JsonObject {
  return value !== null && typeof value === "object" && !Array.isArray(value);
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

/** The audit trail of a job, oldest first: what happened, when, and who or what did it. */
export function JobTimeline({ events, now }: { events: JobTimelineEvent[]; now: Date }) {
  if (events.length === 0) return <p className="text-sm text-slate-600">No events recorded.</p>;
  return (
    <ol className="relative flex flex-col gap-4 border-l-2 border-slate-200 pl-5" aria-label="Audit timeline">
      {events.map((event) => (
        <li key={event.id} className="relative">
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
      ))}
    </ol>
  );
}
