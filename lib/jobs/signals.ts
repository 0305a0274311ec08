import {
  type ExpireDueJobsOptions,
  type ExpireDueJobsResult,
  type FinishJobInput as EngineFinishJobInput,
  type FinishJobResult as EngineFinishJobResult,
  type JobAssignedInput,
  type JobAssignedResult as EngineJobAssignedResult,
  type JobRequestedInput as EngineJobRequestedInput,
  type JobRequestedResult as EngineJobRequestedResult,
  type JobSignalName,
  type JobSignalPayload as EnginePayload,
  type JobsExtendedInput,
  type JobsExtendedResult as EngineJobsExtendedResult,
  type JobReopenedInput,
  type JobReopenedResult as EngineJobReopenedResult,
  type JobSnoozedInput,
  type JobSnoozedResult as EngineJobSnoozedResult,
  type ConnectOptions,
  type Receiver,
  type ReportExceptionInput as EngineReportExceptionInput,
  type ReportExceptionResult as EngineReportExceptionResult,
  SIGNAL_NAMES,
} from "@jtbd/engine";
import { Prisma, queryRows, type SqlDb } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { appJobs, onEngine, receiverDb } from "./app-jobs";
import type { JobTypeKey } from "./job-types";
import { jobTypes } from "./job-types";
import type { Actor, Job, JsonObject } from "./types";
import { parseInput, uuidSchema } from "./validation";
import { z } from "zod";

// The product's signals: today's names and signatures (the database first, a
// Prisma client or the caller's transaction), each a thin call to the
// product's @jtbd/engine (app-jobs.ts). What the product adds on top: its
// people are users, so assignees and actors are user ids (uuids) and an
// assignee must exist; exceptions go to staff queues only.

export type {
  ExpireDueJobsOptions,
  ExpireDueJobsResult,
  JobAssignedInput,
  JobReopenedInput,
  JobSignalName,
  JobSnoozedInput,
  JobsExtendedInput,
};
// Keys written in code are the registry's keys, so a misspelt one fails to
// compile. A key that arrives as text (a job row, a form, the API) goes
// through jobTypeKey() first, which checks it at run time.
export type JobRequestedInput = EngineJobRequestedInput<JobTypeKey>;
export type FinishJobInput = EngineFinishJobInput<JobTypeKey>;
export type JobRequestedResult = EngineJobRequestedResult<string>;
export type FinishJobResult = EngineFinishJobResult<string>;
export type JobAssignedResult = EngineJobAssignedResult<string>;
export type JobsExtendedResult = EngineJobsExtendedResult<string>;
export type JobSnoozedResult = EngineJobSnoozedResult<string>;
export type JobReopenedResult = EngineJobReopenedResult<string>;
export type ReportExceptionResult = EngineReportExceptionResult<string>;

const userId = uuidSchema.nullish();
const peopleSchema = z.object({ assignedTo: userId, assignee: userId, expectedAssignee: userId, by: userId });

/** People are users here: their ids are uuids, and someone a job is assigned to exists. */
async function checkPeople(
  db: SqlDb,
  input: { assignedTo?: unknown; assignee?: unknown; expectedAssignee?: unknown; by?: unknown },
  what: string,
): Promise<void> {
  const people = parseInput(
    peopleSchema,
    { assignedTo: input.assignedTo, assignee: input.assignee, expectedAssignee: input.expectedAssignee, by: input.by },
    what,
  );
  const assignee = people.assignedTo ?? people.assignee;
  if (!assignee) return;
  const [found] = await queryRows<{ id: string }>(db, Prisma.sql`SELECT id FROM users WHERE id = ${assignee}::uuid`);
  if (!found) {
    const field = input.assignedTo !== undefined ? "assignedTo" : "assignee";
    throw new AppError("invalid_input", "The person to assign this job to does not exist.", {
      fieldErrors: { [field]: ["No such user."] },
    });
  }
}

/** A retired type is still registered (its pending jobs drain) but takes no new requests; an unknown key is left to the engine's own error. */
function refuseRetired(jobType: unknown): void {
  if (typeof jobType === "string" && jobTypes.get(jobType)?.retired) jobTypes.requireRequestable(jobType);
}

/**
 * Requests a job: creates it pending and returns it. At most one job per target
 * and type is pending at a time; a second request is refused with
 * `duplicate_pending_job`, or with `idempotent` answered with the job already
 * pending. Pass a transaction as `db` to request atomically with your changes.
 */
export async function jobRequested(db: SqlDb, input: JobRequestedInput): Promise<JobRequestedResult> {
  refuseRetired(input.jobType);
  await checkPeople(db, input, "job request");
  return onEngine(db, (on) => appJobs.jobRequested(input, { db: on }));
}

/**
 * Completes the pending job of `jobType` for `target`. Completing twice (or a
 * target that never had one) changes nothing; a job that expired or was
 * cancelled raises `job_expired` / `job_cancelled`, writing nothing.
 */
export async function jobCompleted(db: SqlDb, input: FinishJobInput): Promise<FinishJobResult> {
  await checkPeople(db, input, "completion");
  return onEngine(db, (on) => appJobs.jobCompleted(input, { db: on }));
}

/** Cancels the pending job (a dismissal is a cancellation with a reason); twice changes nothing. */
export async function jobCancelled(db: SqlDb, input: FinishJobInput): Promise<FinishJobResult> {
  await checkPeople(db, input, "cancellation");
  return onEngine(db, (on) => appJobs.jobCancelled(input, { db: on }));
}

/**
 * What domain code calls the moment a job's condition is met: completes with
 * source "auto"; a job that already ended otherwise is left as it ended.
 */
export async function autoCompleteJob(db: SqlDb, input: Omit<FinishJobInput, "source" | "jobId">): Promise<FinishJobResult> {
  await checkPeople(db, input, "completion");
  return onEngine(db, (on) => appJobs.autoCompleteJob(input, { db: on }));
}

/** Claims, reassigns or unassigns a pending job (a claim cannot be won twice). */
export async function jobAssigned(db: SqlDb, input: JobAssignedInput): Promise<JobAssignedResult> {
  await checkPeople(db, input, "assignment");
  return onEngine(db, (on) => appJobs.jobAssigned(input, { db: on }));
}

/** Gives pending jobs more days before they expire. */
export async function jobsExtended(db: SqlDb, input: JobsExtendedInput): Promise<JobsExtendedResult> {
  await checkPeople(db, input, "extension");
  return onEngine(db, (on) => appJobs.jobsExtended(input, { db: on }));
}

/**
 * "Not now": a pending job leaves its lists until `until` and comes back by
 * itself, still pending (so no funnel counts it as dropped); `until: null`
 * wakes it. Counts as a first action. A "snoozed" event either way.
 */
export async function jobSnoozed(db: SqlDb, input: JobSnoozedInput): Promise<JobSnoozedResult> {
  await checkPeople(db, input, "snooze");
  return onEngine(db, (on) => appJobs.jobSnoozed(input, { db: on }));
}

/**
 * A job resolved or dismissed by mistake back to pending, with a reason, within
 * its type's `reopenWithinHours`. Refused with `duplicate_pending_job` while
 * another job of that type is pending for the same target.
 */
export async function jobReopened(db: SqlDb, input: JobReopenedInput): Promise<JobReopenedResult> {
  await checkPeople(db, input, "reopening");
  return onEngine(db, (on) => appJobs.jobReopened(input, { db: on }));
}

/** The expiry sweep (the worker schedules it): batches claimed with FOR UPDATE SKIP LOCKED. */
export function expireDueJobs(db: SqlDb, options: Omit<ExpireDueJobsOptions, "db"> = {}): Promise<ExpireDueJobsResult> {
  return onEngine(db, (on) => appJobs.expireDueJobs({ ...options, db: on }));
}

export interface ReportExceptionInput extends Omit<EngineReportExceptionInput, "jobType"> {
  /** A staff job type: the queue where a person will pick this up. */
  jobType: JobTypeKey;
}

/**
 * A job type key that arrived as text (a job row, a form field, an API
 * request) as the registry's key type, for the signals above. Throws
 * `unknown_job_type` for a key the registry does not have. Retired keys pass:
 * their pending jobs still finish (a new request is refused by jobRequested).
 */
export function jobTypeKey(key: string): JobTypeKey {
  return jobTypes.require(key).key as JobTypeKey;
}

/**
 * Turns a handled failure that needs a human into a staff job instead of a log
 * line. Reported again while that job is pending, it counts an occurrence on
 * it (`recurred: true`, a "recurred" event with the new error and context)
 * instead of opening a second one. Only staff job types: the engine would
 * take any type, the product keeps exceptions in staff queues.
 */
export async function reportException(db: SqlDb, input: ReportExceptionInput): Promise<ReportExceptionResult> {
  const def = jobTypes.requireRequestable(input.jobType);
  if (def.audience !== "staff") {
    throw new AppError("invalid_input", `Exceptions go to staff queues; "${def.key}" is a ${def.audience} job type.`);
  }
  // An AppError's message for logs may hold internals; staff see what a person would.
  const error =
    input.error instanceof AppError
      ? Object.assign(new Error(input.error.userMessage), { name: input.error.name, code: input.error.code })
      : input.error;
  return onEngine(db, (on) => appJobs.reportException({ ...input, error, jobType: input.jobType }, { db: on }));
}

// ---------------------------------------------------------------------------
// Receivers. They get raw SQL on the change's connection (app-jobs.ts'
// receiverDb): the caller's Prisma transaction, or the engine's own pg
// transaction. Either way what they write commits with the change.

export interface JobSignalPayload {
  signal: JobSignalName;
  job: Job;
  actor: Actor;
  /** What the change carried: completion metadata, a reason, the previous assignee… */
  data: JsonObject;
  /** The transaction the change was made in (raw SQL; pass it on to lib/jobs' signals to join it). */
  db: SqlDb;
}

/** One adapted receiver per product receiver, so connecting twice keeps one and disconnect finds it. */
const adapted = new WeakMap<Receiver<JobSignalPayload>, Receiver<EnginePayload<JobTypeKey>>>();

function adapt(receiver: Receiver<JobSignalPayload>): Receiver<EnginePayload<JobTypeKey>> {
  let engineReceiver = adapted.get(receiver);
  if (!engineReceiver) {
    engineReceiver = (payload) => receiver({ ...payload, db: receiverDb(payload.db) });
    // The engine logs a failing receiver by its name.
    Object.defineProperty(engineReceiver, "name", { value: receiver.name || "(anonymous)" });
    adapted.set(receiver, engineReceiver);
  }
  return engineReceiver;
}

export interface ProductSignal {
  /**
   * Subscribes `receiver`; connecting it twice keeps one. Returns a function
   * that unsubscribes it. `{ required: true }`: the change cannot stand
   * without this receiver's work (an outbox row), so its failure aborts the
   * whole change; otherwise a failure is rolled back alone and logged.
   */
  connect(receiver: Receiver<JobSignalPayload>, options?: ConnectOptions): () => boolean;
  /** Returns whether the receiver was connected. */
  disconnect(receiver: Receiver<JobSignalPayload>): boolean;
  readonly hasReceivers: boolean;
}

function productSignal(name: JobSignalName): ProductSignal {
  const signal = appJobs.signals[name];
  const disconnect = (receiver: Receiver<JobSignalPayload>) => {
    const engineReceiver = adapted.get(receiver);
    return engineReceiver ? signal.disconnect(engineReceiver) : false;
  };
  return {
    connect(receiver, options) {
      signal.connect(adapt(receiver), options);
      return () => disconnect(receiver);
    },
    disconnect,
    get hasReceivers() {
      return signal.hasReceivers;
    },
  };
}

/** The product engine's signals, for its receivers (connected at start: lib/jobs/start-jobs). */
export const jobSignals = Object.fromEntries(SIGNAL_NAMES.map((name) => [name, productSignal(name)])) as {
  readonly [N in JobSignalName]: ProductSignal;
};
