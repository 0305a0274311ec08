import "server-only";
import { z } from "zod";
import type { Db, Prisma } from "@/lib/db/client";
import { effectiveStatus, type Job, type JobEventKind, jobHref, type JobSource, jobTypes, type JsonObject } from "@/lib/jobs";

// One staff job as its detail panel shows it: what it is about (with a link
// where the product has a page for the target), its state, and its audit
// timeline from job_events, with every person named.

/** A person as the detail shows them; name and email are null for an account that no longer exists. */
export interface PersonRef {
  id: string;
  name: string | null;
  email: string | null;
}

export interface JobTimelineEvent {
  /** job_events.id (a bigint), as text: it is only a key. */
  id: string;
  kind: JobEventKind;
  at: Date;
  /** The person who caused it; null when the system or domain code did. */
  actor: PersonRef | null;
  source: JobSource;
  /** The event's data as stored: note, metadata, sender, from/to… */
  data: JsonObject;
  /** For "assigned" events: who had the job before and after (null: nobody). */
  assignment?: { from: PersonRef | null; to: PersonRef | null };
}

/** A staff note on the job (lib/notes), as the timeline shows it. A deleted note keeps its author and dates, not its words. */
export interface JobNoteEntry {
  id: string;
  /** Null for an account deleted since. */
  author: PersonRef | null;
  body: string;
  visibleToSubject: boolean;
  createdAt: Date;
  editedAt: Date | null;
  deletedAt: Date | null;
}

export interface JobDetail {
  id: string;
  jobType: string;
  title: string;
  description: string;
  /** As a person should see it: a pending job past its expiry reads as expired. */
  status: Job["status"];
  target: { type: string; id: string; href: string | null };
  priority: Job["priority"];
  createdAt: Date;
  updatedAt: Date;
  dueAt: Date | null;
  expiresAt: Date | null;
  completedAt: Date | null;
  completedBy: PersonRef | null;
  completionSource: JobSource | null;
  resolutionNote: string | null;
  /** How many times the exception behind it was reported (1 unless it recurred). */
  occurrences: number;
  /** When it was last reported again; null until it recurs. */
  lastOccurredAt: Date | null;
  metadata: JsonObject;
  assignee: PersonRef | null;
  /** Pending but put off until then; null when not snoozed (or its moment has passed). */
  snoozedUntil: Date | null;
  /** Until when staff may reopen it (resolved or dismissed, its type has a window that is still open); null otherwise. */
  reopenableUntil: Date | null;
  events: JobTimelineEvent[];
  /** Oldest first, deleted ones included (the timeline says so). */
  notes: JobNoteEntry[];
  /** Staff may mark a note on this job "visible to the person" (the type's notesVisibleToSubject). */
  notesVisibleToSubject: boolean;
}

/** A job's events are a handful in practice; the cap keeps a runaway job from building a huge page. */
export const TIMELINE_LIMIT = 500;

const uuid = z.uuid();

/**
 * The detail of a staff job, or null when there is no such job or it is not a
 * staff job (user jobs are not for the staff queues). `jobId` may be anything
 * from a URL: a string that is not a uuid is simply not found.
 */
export async function getJobDetail(db: Db, jobId: string): Promise<JobDetail | null> {
  if (!uuid.safeParse(jobId).success) return null;
  const job = await db.job.findUnique({
    where: { id: jobId },
    include: { events: { orderBy: { id: "asc" }, take: TIMELINE_LIMIT } },
  });
  const definition = job ? jobTypes.get(job.jobType) : undefined;
  if (!job || !definition || definition.audience !== "staff") return null;

  const [people, notes] = await Promise.all([
    peopleOf(db, job),
    db.jobNote.findMany({
      where: { jobId: job.id },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      take: TIMELINE_LIMIT,
      include: { author: { select: { id: true, name: true, email: true } } },
    }),
  ]);
  return {
    id: job.id,
    jobType: job.jobType,
    title: definition.title,
    description: definition.description,
    status: effectiveStatus(job),
    target: { type: job.targetType, id: job.targetId, href: jobHref(definition, job) },
    priority: job.priority,
    createdAt: job.createdAt,
    updatedAt: job.updatedAt,
    dueAt: job.dueAt,
    expiresAt: job.expiresAt,
    completedAt: job.completedAt,
    completedBy: personOrNull(people, job.completedById),
    completionSource: job.completionSource,
    resolutionNote: job.resolutionNote,
    occurrences: job.occurrences,
    lastOccurredAt: job.lastOccurredAt,
    metadata: asObject(job.metadata),
    assignee: personOrNull(people, job.assignedToId),
    snoozedUntil: job.snoozedUntil && job.snoozedUntil > new Date() ? job.snoozedUntil : null,
    reopenableUntil: reopenableUntil(job, definition.reopenWithinHours),
    events: job.events.map((event) => {
      const data = asObject(event.data);
      const base: JobTimelineEvent = {
        id: event.id.toString(),
        kind: event.kind,
        at: event.createdAt,
        actor: personOrNull(people, event.actorId),
        source: event.source,
        data,
      };
      if (event.kind !== "assigned") return base;
      return { ...base, assignment: { from: personFor(people, data.from), to: personFor(people, data.to) } };
    }),
    notes: notes.map((note) => ({
      id: note.id,
      author: note.author,
      body: note.body,
      visibleToSubject: note.visibleToSubject,
      createdAt: note.createdAt,
      editedAt: note.editedAt,
      deletedAt: note.deletedAt,
    })),
    notesVisibleToSubject: definition.notesVisibleToSubject === true,
  };
}

/** The end of the reopen window, judged on this clock (the engine checks again on the database's). */
function reopenableUntil(job: { status: Job["status"]; completedAt: Date | null }, hours: number | undefined): Date | null {
  if ((job.status !== "completed" && job.status !== "cancelled") || !job.completedAt || hours === undefined) return null;
  const until = new Date(job.completedAt.getTime() + hours * 3_600_000);
  return until > new Date() ? until : null;
}

function asObject(value: Prisma.JsonValue): JsonObject {
  return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as JsonObject) : {};
}

/**
 * Everyone the job names (assignee, completer, each event's actor, the from/to
 * of "assigned" events), in one query: the engine keeps people as the app's
 * ids, without a foreign key, so the app looks its users up itself.
 */
async function peopleOf(
  db: Db,
  job: {
    assignedToId: string | null;
    completedById: string | null;
    events: { kind: JobEventKind; actorId: string | null; data: Prisma.JsonValue }[];
  },
): Promise<Map<string, PersonRef>> {
  const ids = new Set<string>();
  for (const id of [job.assignedToId, job.completedById, ...job.events.map((e) => e.actorId)])
    if (id && uuid.safeParse(id).success) ids.add(id);
  for (const event of job.events) {
    if (event.kind !== "assigned") continue;
    const data = asObject(event.data);
    for (const value of [data.from, data.to]) if (typeof value === "string" && uuid.safeParse(value).success) ids.add(value);
  }
  if (ids.size === 0) return new Map();
  const users = await db.user.findMany({ where: { id: { in: [...ids] } }, select: { id: true, name: true, email: true } });
  const people = new Map<string, PersonRef>(users.map((user) => [user.id, user]));
  // A change made over the HTTP API has the API key as its actor.
  const rest = [...ids].filter((id) => !people.has(id));
  if (rest.length) {
    for (const key of await db.apiKey.findMany({ where: { id: { in: rest } }, select: { id: true, name: true } }))
      people.set(key.id, { id: key.id, name: `API key "${key.name}"`, email: null });
  }
  return people;
}

/** The person behind an assignee, completer or actor id; null for none, or for an account deleted since (as the old foreign key's SET NULL showed it). */
function personOrNull(people: Map<string, PersonRef>, id: string | null): PersonRef | null {
  return id === null ? null : (people.get(id) ?? null);
}

function personFor(people: Map<string, PersonRef>, value: Prisma.JsonValue | undefined): PersonRef | null {
  if (typeof value !== "string") return null;
  // An id we could not find belongs to an account deleted since: still show that someone had it.
  return people.get(value) ?? { id: value, name: null, email: null };
}
