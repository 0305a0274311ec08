import { z } from "zod";
import { type Db, Prisma, queryRows } from "@/lib/db/client";
import { isForeignKeyViolation } from "@/lib/db/errors";
import { AppError } from "@/lib/errors";
import { expireJob } from "./expire-jobs";
import { findPendingJob, jobColumns } from "./job-sql";
import { jobTypes } from "./job-types";
import { withEmissions } from "./signals";
import type { Job, JobPriority, JobSource, JsonObject, Target } from "./types";
import { JOB_PRIORITIES, jobSourceSchema, metadataSchema, parseInput, targetSchema, uuidSchema } from "./validation";
import { v7 as uuidv7 } from "uuid";

export interface JobRequestedInput {
  target: Target;
  jobType: string;
  metadata?: JsonObject;
  /** Return the pending job for this target and type instead of refusing a second one. */
  idempotent?: boolean;
  assignedTo?: string | null;
  /** Defaults to the type's `expiresAfterHours` from now. */
  expiresAt?: Date | null;
  /** Defaults to the type's `dueAfterHours` from now. */
  dueAt?: Date | null;
  priority?: JobPriority;
  /** Names the code that asked, recorded on the "requested" event (like Django's sender). */
  sender?: string;
  /** The user who asked, if a person did. */
  by?: string | null;
  source?: JobSource;
}

export interface JobRequestedResult {
  job: Job;
  /** False when an idempotent request returned the job that was already pending. */
  created: boolean;
}

const inputSchema = z.object({
  target: targetSchema,
  jobType: z.string({ error: "A job type is required." }).min(1, "A job type is required."),
  metadata: metadataSchema,
  idempotent: z.boolean().default(false),
  assignedTo: uuidSchema.nullish(),
  expiresAt: z.date({ error: "expiresAt must be a date." }).nullish(),
  dueAt: z.date({ error: "dueAt must be a date." }).nullish(),
  priority: z.enum(JOB_PRIORITIES).default("normal"),
  sender: z.string().max(200).optional(),
  by: uuidSchema.nullish(),
  source: jobSourceSchema.default("system"),
});

/** Attempts before giving up on a target whose pending job keeps finishing under us. */
const MAX_ATTEMPTS = 5;

/**
 * Requests a job: creates it pending and returns it. At most one job per target
 * and type is pending at a time (a partial unique index); a second request is
 * refused with `duplicate_pending_job`, or with `idempotent` answered with the
 * job already pending. The database decides (INSERT … ON CONFLICT), so
 * concurrent identical requests leave exactly one job. A pending job whose
 * expiry has passed is expired first and does not block a new one.
 *
 * Throws `invalid_input` or `unknown_job_type` (writing nothing) for bad input.
 * Pass a transaction as `db` to request atomically with your own changes.
 */
export async function jobRequested(db: Db, rawInput: JobRequestedInput): Promise<JobRequestedResult> {
  const input = parseInput(inputSchema, rawInput, "job request");
  const def = jobTypes.require(input.jobType);
  if (input.target.type !== def.targetType) {
    throw new AppError("invalid_input", `A "${def.key}" job is about a ${def.targetType}, not a ${input.target.type}.`, {
      fieldErrors: { "target.type": [`Must be "${def.targetType}".`] },
    });
  }
  if (input.expiresAt && input.expiresAt.getTime() <= Date.now()) {
    throw new AppError("invalid_input", "expiresAt must be in the future.", { fieldErrors: { expiresAt: ["Must be in the future."] } });
  }

  // An omitted expiry or due date takes the type's default, computed on the database clock.
  const expiresAt = dateOrHoursFromNow(input.expiresAt, def.expiresAfterHours);
  const dueAt = dateOrHoursFromNow(input.dueAt, def.dueAfterHours);
  const eventData: JsonObject = input.sender ? { sender: input.sender } : {};

  return withEmissions(db, ["requested", "expired"], async (q, emissions) => {
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const inserted = await insertJob(q, {
        id: uuidv7(),
        jobType: def.key,
        target: input.target,
        assignedTo: input.assignedTo ?? null,
        priority: input.priority,
        metadata: input.metadata,
        expiresAt,
        dueAt,
        actorId: input.by ?? null,
        source: input.source,
        eventData,
      });
      if (inserted) {
        emissions.push({ signal: "requested", job: inserted, actor: { id: input.by ?? null, source: input.source }, data: eventData });
        return { job: inserted, created: true };
      }

      const existing = await findPendingJob(q, def.key, input.target);
      if (!existing) continue; // finished between our insert and read: try again
      if (existing.expiresAt && existing.expiresAt.getTime() <= Date.now()) {
        const expired = await expireJob(q, existing.id);
        if (expired) emissions.push(expired);
        continue;
      }
      if (!input.idempotent) {
        throw new AppError("duplicate_pending_job", `There is already a pending "${def.title}" job for this ${def.targetType}.`, {
          internal: `duplicate pending ${def.key} for ${input.target.type}:${input.target.id} (job ${existing.id})`,
        });
      }
      return { job: existing, created: false };
    }
    throw new AppError("conflict", "This job is changing too quickly to request right now. Please try again.");
  });
}

function dateOrHoursFromNow(value: Date | null | undefined, hours: number | undefined): Prisma.Sql {
  if (value) return Prisma.sql`${value}::timestamptz`;
  if (value === null || hours === undefined) return Prisma.sql`NULL::timestamptz`;
  return Prisma.sql`now() + ${hours} * interval '1 hour'`;
}

interface InsertJob {
  id: string;
  jobType: string;
  target: Target;
  assignedTo: string | null;
  priority: JobPriority;
  metadata: JsonObject;
  expiresAt: Prisma.Sql;
  dueAt: Prisma.Sql;
  actorId: string | null;
  source: JobSource;
  eventData: JsonObject;
}

/** Inserts the job and its "requested" event in one statement; null when one is already pending. */
async function insertJob(db: Db, j: InsertJob): Promise<Job | null> {
  try {
    const rows = await queryRows<Job>(db, Prisma.sql`
      WITH inserted AS (
        INSERT INTO jobs (id, job_type, target_type, target_id, assigned_to_id, priority, due_at, expires_at, metadata, created_at, updated_at)
        VALUES (${j.id}::uuid, ${j.jobType}, ${j.target.type}, ${j.target.id}, ${j.assignedTo}::uuid, ${j.priority}::job_priority,
                ${j.dueAt}, ${j.expiresAt}, ${JSON.stringify(j.metadata)}::jsonb, now(), now())
        ON CONFLICT (job_type, target_type, target_id) WHERE status = 'pending' DO NOTHING
        RETURNING *
      ), event AS (
        INSERT INTO job_events (job_id, kind, actor_id, source, data)
        SELECT id, 'requested', ${j.actorId}::uuid, ${j.source}::job_source, ${JSON.stringify(j.eventData)}::jsonb FROM inserted
      )
      SELECT ${jobColumns()} FROM inserted`);
    return rows[0] ?? null;
  } catch (error) {
    if (isForeignKeyViolation(error, "jobs_assigned_to_id_fkey")) {
      throw new AppError("invalid_input", "The person to assign this job to does not exist.", { fieldErrors: { assignedTo: ["No such user."] }, cause: error });
    }
    throw error;
  }
}
