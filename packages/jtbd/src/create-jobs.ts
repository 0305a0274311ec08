import { jobAssigned, type JobAssignedInput, type JobAssignedResult } from "./assign-job.js";
import { type BusinessHours, businessHoursClock } from "./business-hours.js";
import type { Database } from "./database.js";
import type { EngineContext } from "./engine-context.js";
import { escalateJobs, type EscalateJobsOptions, type EscalateJobsResult, type SlaDeadline, slaDeadlines } from "./escalate-jobs.js";
import { expireDueJobs, type ExpireDueJobsOptions, type ExpireDueJobsResult } from "./expire-jobs.js";
import { jobsExtended, type JobsExtendedInput, type JobsExtendedResult } from "./extend-jobs.js";
import { autoCompleteJob, finishJob, type FinishJobInput, type FinishJobResult } from "./finish-job.js";
import { JobsError } from "./jobs-error.js";
import { type JobSql, jobSql } from "./job-sql.js";
import { type Logger, consoleLogger, scopeLogger } from "./logger.js";
import { assertSchemaUsable, migrate, type MigrateResult } from "./migrate.js";
import { defineJobTypes, type JobTypeKey, type JobTypeList, type JobTypeRegistry } from "./registry.js";
import { reportException, type ReportExceptionInput, type ReportExceptionResult } from "./report-exception.js";
import { jobRequested, type JobRequestedInput, type JobRequestedResult } from "./request-job.js";
import { jobReopened, type JobReopenedInput, type JobReopenedResult } from "./reopen-job.js";
import { DEFAULT_SCHEMA, quoteSchema } from "./schema-name.js";
import { jobSnoozed, type JobSnoozedInput, type JobSnoozedResult } from "./snooze-job.js";
import { createSignals, type JobSignals } from "./signals.js";

export interface CreateJobsOptions<T extends JobTypeList> {
  /** The host's job types, declared `as const` (or a registry from defineJobTypes). */
  types: T | JobTypeRegistry<T>;
  /** Where statements run unless a call passes its own `db` (your transaction). */
  db: Database;
  logger?: Logger;
  /** The PostgreSQL schema the engine's tables live in; "jtbd" by default. */
  schema?: string;
  /** Working days and hours, for types whose SLA counts business hours (`sla.businessHours`). */
  businessHours?: BusinessHours;
}

/** Per call: run on this handle instead of the engine's, e.g. `fromPrisma(tx)` inside your transaction. */
export interface CallOptions {
  db?: Database;
}

export interface Jobs<T extends JobTypeList> {
  readonly types: JobTypeRegistry<T>;
  readonly schema: string;
  /** Table names and SQL conditions for a host's own read queries (todo lists, queues). */
  readonly sql: JobSql;
  /** Connect receivers here, once, at start. */
  readonly signals: JobSignals<JobTypeKey<T>>;
  /** Creates or upgrades the engine's schema (see migrate()). */
  migrate(options?: CallOptions): Promise<MigrateResult>;
  /** "This needs doing": creates a pending job (see jobRequested). */
  jobRequested(input: JobRequestedInput<JobTypeKey<T>>, options?: CallOptions): Promise<JobRequestedResult<JobTypeKey<T>>>;
  /**
   * Completes the pending job of `jobType` for `target`. Completing a job that
   * is already completed (or a target that never had one) changes nothing.
   * Throws `job_expired` / `job_cancelled` for a job that ended otherwise, writing nothing.
   */
  jobCompleted(input: FinishJobInput<JobTypeKey<T>>, options?: CallOptions): Promise<FinishJobResult<JobTypeKey<T>>>;
  /** Cancels the pending job (a dismissal is a cancellation with a reason); twice changes nothing. */
  jobCancelled(input: FinishJobInput<JobTypeKey<T>>, options?: CallOptions): Promise<FinishJobResult<JobTypeKey<T>>>;
  /** Completes with source "auto"; a job already expired or cancelled is left as it ended, without an error. */
  autoCompleteJob(
    input: Omit<FinishJobInput<JobTypeKey<T>>, "source" | "jobId">,
    options?: CallOptions,
  ): Promise<FinishJobResult<JobTypeKey<T>>>;
  /** Claims, reassigns or unassigns a pending job. */
  jobAssigned(input: JobAssignedInput, options?: CallOptions): Promise<JobAssignedResult<JobTypeKey<T>>>;
  /** Gives pending jobs more days before they expire. */
  jobsExtended(input: JobsExtendedInput, options?: CallOptions): Promise<JobsExtendedResult<JobTypeKey<T>>>;
  /** "Not now": a pending job leaves its lists until a moment and comes back by itself; `until: null` wakes it. */
  jobSnoozed(input: JobSnoozedInput, options?: CallOptions): Promise<JobSnoozedResult<JobTypeKey<T>>>;
  /** A finished job back to pending with a reason, within its type's `reopenWithinHours`; never a second pending job. */
  jobReopened(input: JobReopenedInput, options?: CallOptions): Promise<JobReopenedResult<JobTypeKey<T>>>;
  /** The SLA scan: fires each breached rule once per pending job (see escalateJobs); schedule it like the expiry sweep. */
  escalateJobs(options?: EscalateJobsOptions): Promise<EscalateJobsResult>;
  /** A job's SLA deadlines and when it becomes at risk, counted as its type declares (business hours or not). */
  slaDeadlines(job: { jobType: string; createdAt: Date }, atRiskShare?: number): SlaDeadline[];
  /** The expiry sweep; schedule it (every minute is plenty). */
  expireDueJobs(options?: ExpireDueJobsOptions): Promise<ExpireDueJobsResult>;
  /**
   * Turns a handled failure that needs a person into a job; reported again
   * while that job is pending, it counts an occurrence on it (`recurred`).
   */
  reportException(input: ReportExceptionInput<JobTypeKey<T>>, options?: CallOptions): Promise<ReportExceptionResult<JobTypeKey<T>>>;
}

function isRegistry<T extends JobTypeList>(types: T | JobTypeRegistry<T>): types is JobTypeRegistry<T> {
  return !Array.isArray(types) && typeof (types as JobTypeRegistry<T>).require === "function";
}

/**
 * An engine for one set of job types on one schema. Nothing is global: two
 * engines (two schemas, or tests) live side by side, each with its own
 * receivers. The schema is checked on the first call (not here), so creating
 * an engine costs no round trip; a schema that is missing, behind, or newer
 * than this engine fails that call with `schema_not_migrated` / `schema_too_new`.
 */
export function createJobs<const T extends JobTypeList>(options: CreateJobsOptions<T>): Jobs<T> {
  const types = isRegistry(options.types) ? options.types : defineJobTypes(options.types);
  const schema = options.schema ?? DEFAULT_SCHEMA;
  quoteSchema(schema);
  const logger = scopeLogger(options.logger ?? consoleLogger, "jtbd");
  const signals = createSignals<JobTypeKey<T>>(logger);
  const sql = jobSql(schema);
  const businessHours = options.businessHours ? businessHoursClock(options.businessHours) : null;
  if (!businessHours) {
    const needs = types.all.find((def) => def.sla?.businessHours);
    if (needs)
      throw new JobsError("invalid_input", `Job type "${needs.key}" counts its SLA in business hours: pass createJobs({ businessHours }).`);
  }

  let checked: Promise<void> | null = null;
  const ctx: EngineContext = {
    types,
    sql,
    signals: signals as JobSignals,
    logger,
    businessHours,
    ready(db) {
      // Checked on the handle the call uses: on an embedded database a second
      // connection would wait behind the caller's open transaction.
      checked ??= assertSchemaUsable(db, schema).then(
        () => undefined,
        (error: unknown) => {
          checked = null;
          throw error;
        },
      );
      return checked;
    },
  };
  const on = (call?: CallOptions) => call?.db ?? options.db;
  type K = JobTypeKey<T>;

  return {
    types,
    schema,
    sql,
    signals,
    async migrate(call) {
      const result = await migrate(on(call), { schema, logger });
      checked = Promise.resolve();
      return result;
    },
    jobRequested: (input, call) => jobRequested(ctx, on(call), input) as Promise<JobRequestedResult<K>>,
    jobCompleted: (input, call) => finishJob(ctx, on(call), "completed", input) as Promise<FinishJobResult<K>>,
    jobCancelled: (input, call) => finishJob(ctx, on(call), "cancelled", input) as Promise<FinishJobResult<K>>,
    autoCompleteJob: (input, call) => autoCompleteJob(ctx, on(call), input) as Promise<FinishJobResult<K>>,
    jobAssigned: (input, call) => jobAssigned(ctx, on(call), input) as Promise<JobAssignedResult<K>>,
    jobsExtended: (input, call) => jobsExtended(ctx, on(call), input) as Promise<JobsExtendedResult<K>>,
    jobSnoozed: (input, call) => jobSnoozed(ctx, on(call), input) as Promise<JobSnoozedResult<K>>,
    jobReopened: (input, call) => jobReopened(ctx, on(call), input) as Promise<JobReopenedResult<K>>,
    expireDueJobs: (sweep) => expireDueJobs(ctx, on(sweep), sweep),
    escalateJobs: (scan) => escalateJobs(ctx, on(scan), scan),
    slaDeadlines: (job, atRiskShare) => slaDeadlines(ctx, job, atRiskShare),
    reportException: (input, call) => reportException(ctx, on(call), input) as Promise<ReportExceptionResult<K>>,
  };
}
