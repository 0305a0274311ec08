import { effectiveStatus, type JobStatus } from "@/lib/jobs";

// A job as the API answers it: the product's column names become the API's
// field names (type, target, assignee), and a pending job past its expiry
// reads as expired, swept or not, as it does everywhere else.

export interface JobLike {
  id: string;
  jobType: string;
  status: JobStatus;
  targetType: string;
  targetId: string;
  assignedToId: string | null;
  priority: string;
  metadata: unknown;
  createdAt: Date;
  updatedAt: Date;
  dueAt: Date | null;
  expiresAt: Date | null;
  completedAt: Date | null;
  completionSource: string | null;
  resolutionNote: string | null;
}

export function toApiJob(job: JobLike) {
  return {
    id: job.id,
    type: job.jobType,
    status: effectiveStatus(job),
    target: { type: job.targetType, id: job.targetId },
    assignee: job.assignedToId,
    priority: job.priority,
    metadata: (job.metadata ?? {}) as Record<string, unknown>,
    createdAt: job.createdAt.toISOString(),
    updatedAt: job.updatedAt.toISOString(),
    dueAt: job.dueAt?.toISOString() ?? null,
    expiresAt: job.expiresAt?.toISOString() ?? null,
    completedAt: job.completedAt?.toISOString() ?? null,
    completionSource: job.completionSource,
    resolutionNote: job.resolutionNote,
  };
}

/**
 * How a change made with an API key is recorded: the key's id as the actor
 * (the engine keeps actors as opaque ids without a foreign key, so an API
 * key's uuid sits where a person's would; the staff timeline names it), with
 * source `api`.
 */
export function apiActor(keyId: string) {
  return { by: keyId, source: "api" as const };
}
