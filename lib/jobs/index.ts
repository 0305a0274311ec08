// The product's jobs, on @jtbd/engine: its registry and the signals domain
// code fires. Every function takes the database (a Prisma client or the
// caller's transaction) first. Receivers are connected at start (start-jobs.ts).

export {
  autoCompleteJob,
  expireDueJobs,
  jobAssigned,
  jobCancelled,
  jobCompleted,
  jobRequested,
  jobReopened,
  jobSnoozed,
  jobsExtended,
  jobSignals,
  jobTypeKey,
  reportException,
  type ExpireDueJobsOptions,
  type ExpireDueJobsResult,
  type FinishJobInput,
  type FinishJobResult,
  type JobAssignedInput,
  type JobAssignedResult,
  type JobRequestedInput,
  type JobRequestedResult,
  type JobReopenedInput,
  type JobReopenedResult,
  type JobSnoozedInput,
  type JobSnoozedResult,
  type JobSignalName,
  type JobSignalPayload,
  type JobsExtendedInput,
  type JobsExtendedResult,
  type ReportExceptionInput,
  type ReportExceptionResult,
} from "./signals";
export { jobTypes, type JobTypeKey } from "./job-types";
export { defineJobTypes, jobHref, type JobTypeDefinition, type JobAudience, type JobCompletion } from "./registry";
export { awakeNow, effectiveStatus, expiredNow, jobColumns, jobEventsTable, jobsTable, pendingNow } from "./job-sql";
export { JOB_EVENTS_TABLE, JOBS_SCHEMA, JOBS_TABLE } from "./jobs-schema";
export { escalateJobs, jobEscalationsTable, slaStatus, type JobSla, type SlaState } from "./escalate-jobs";
export { BUSINESS_HOURS } from "./business-hours";
export { METADATA_MAX_BYTES } from "@jtbd/engine";
export type { Actor, Job, JobEventKind, JobPriority, JobSource, JobStatus, JsonObject, Target } from "./types";
