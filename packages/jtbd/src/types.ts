export const JOB_STATUSES = ["pending", "completed", "cancelled", "expired"] as const;
export const JOB_SOURCES = ["user", "staff", "system", "auto", "api"] as const;
export const JOB_PRIORITIES = ["low", "normal", "high", "urgent"] as const;
export const JOB_EVENT_KINDS = [
  "requested",
  "completed",
  "cancelled",
  "expired",
  "assigned",
  "extended",
  "snoozed",
  "reopened",
  "recurred",
  "escalated",
] as const;

export type JobStatus = (typeof JOB_STATUSES)[number];
/** Who made a change happen: a person (`user`, `staff`), the system, domain code completing a job by itself (`auto`), or a service over the host's HTTP API (`api`). */
export type JobSource = (typeof JOB_SOURCES)[number];
export type JobPriority = (typeof JOB_PRIORITIES)[number];
export type JobEventKind = (typeof JOB_EVENT_KINDS)[number];

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/** A job as the engine returns it. Ids of people are the host's, opaque to the engine. */
export interface Job<K extends string = string> {
  id: string;
  jobType: K;
  status: JobStatus;
  targetType: string;
  targetId: string;
  assignedToId: string | null;
  priority: JobPriority;
  dueAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
  completedAt: Date | null;
  expiresAt: Date | null;
  metadata: JsonObject;
  completedById: string | null;
  completionSource: JobSource | null;
  resolutionNote: string | null;
  /** Pending but out of its lists until then (snoozed); null when not snoozed. */
  snoozedUntil: Date | null;
  /** How many times the condition behind this job was reported (exceptions that recur); 1 for most jobs. */
  occurrences: number;
  /** When it was last reported again; null until it recurs. */
  lastOccurredAt: Date | null;
  /** When someone first acted on it (assigned, snoozed, noted…): the clock of an SLA's time to first action. */
  firstActionAt: Date | null;
}

/** What a job is about: any object of the host's (a user, a document…), by kind and id. */
export interface Target {
  type: string;
  id: string | number;
}

/** Who or what caused a change: the host's id of a person (null for the system) and a source. */
export interface Actor {
  id: string | null;
  source: JobSource;
}

/** The status a person should see: a pending job past its expiry reads as expired, swept or not. */
export function effectiveStatus(job: Pick<Job, "status" | "expiresAt">, now: Date = new Date()): JobStatus {
  return job.status === "pending" && job.expiresAt !== null && job.expiresAt <= now ? "expired" : job.status;
}
