// @jtbd/engine: jobs to be done as first-class data on PostgreSQL.
// Create one engine per process with createJobs(); fire the signals on it.

export { createJobs, type CallOptions, type CreateJobsOptions, type Jobs } from "./create-jobs.js";
export {
  defineJobTypes,
  type JobTypeDefinition,
  type JobTypeKey,
  type JobTypeList,
  type JobTypeOf,
  type JobTypeRegistry,
  type JobTypeSla,
  SLA_RULES,
  type SlaRule,
  type SlaRuleName,
} from "./registry.js";
export type { Database } from "./database.js";
export { fromPg, type FromPgOptions, type PgClientLike, type PgPoolClientLike, type PgPoolLike, type PgQueryable } from "./from-pg.js";
export { fromPrisma, isPrismaTransaction, type FromPrismaOptions, type PrismaLike } from "./from-prisma.js";
export { migrate, schemaSql, type MigrateOptions, type MigrateResult, type SchemaSqlOptions } from "./migrate.js";
export { LATEST_VERSION } from "./migrations/index.js";
export { DEFAULT_SCHEMA } from "./schema-name.js";
export { JobsError, isJobsError, type JobsErrorCode, type JobsErrorOptions } from "./jobs-error.js";
export { consoleLogger, scopeLogger, type LogContext, type Logger } from "./logger.js";
export { Signal, type AroundReceiver, type ConnectOptions, type Receiver, type ReceiverFailure } from "./signal.js";
export { SIGNAL_NAMES, type JobSignalName, type JobSignalPayload, type JobSignals } from "./signals.js";
export type { JobRequestedInput, JobRequestedResult } from "./request-job.js";
export type { FinishJobInput, FinishJobResult } from "./finish-job.js";
export type { JobAssignedInput, JobAssignedResult } from "./assign-job.js";
export type { JobsExtendedInput, JobsExtendedResult } from "./extend-jobs.js";
export type { ExpireDueJobsOptions, ExpireDueJobsResult } from "./expire-jobs.js";
export { DEFAULT_AT_RISK_SHARE, type EscalateJobsOptions, type EscalateJobsResult, type SlaDeadline } from "./escalate-jobs.js";
export { type BusinessHours, businessHoursClock, type HoursClock, wallClock } from "./business-hours.js";
export { MAX_SNOOZE_DAYS, type JobSnoozedInput, type JobSnoozedResult } from "./snooze-job.js";
export type { JobReopenedInput, JobReopenedResult } from "./reopen-job.js";
export type { ReportExceptionInput, ReportExceptionResult } from "./report-exception.js";
export type { JobSql } from "./job-sql.js";
export { METADATA_MAX_BYTES } from "./validate.js";
export {
  effectiveStatus,
  JOB_EVENT_KINDS,
  JOB_PRIORITIES,
  JOB_SOURCES,
  JOB_STATUSES,
  type Actor,
  type Job,
  type JobEventKind,
  type JobPriority,
  type JobSource,
  type JobStatus,
  type JsonObject,
  type JsonValue,
  type Target,
} from "./types.js";
