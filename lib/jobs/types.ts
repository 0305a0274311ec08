import type { JobRow, JobSource, Prisma } from "@/lib/db/client";

export type { JobStatus, JobSource, JobPriority, JobEventKind } from "@/lib/db/client";

export type JsonObject = { [key: string]: Prisma.JsonValue };

/** A job as the engine returns it: the row, with metadata known to be an object. */
export type Job = Omit<JobRow, "metadata"> & { metadata: JsonObject };

/** The generic target of a job: what it is about (a user, a document…). */
export interface Target {
  type: string;
  id: string;
}

/** Who or what caused a change: a user id (null for the system) and a source. */
export interface Actor {
  id: string | null;
  source: JobSource;
}
