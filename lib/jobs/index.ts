// The jobs engine: the only way the product creates and finishes jobs.
// Framework-free: no Next, React or auth imports; every function takes the
// database (or the caller's transaction) as its first argument.

export { jobRequested, type JobRequestedInput, type JobRequestedResult } from "./request-job";
export { autoCompleteJob, jobCompleted, jobCancelled, type FinishJobInput, type FinishJobResult } from "./finish-job";
export { reportException, type ReportExceptionInput } from "./report-exception";
export { jobAssigned, type JobAssignedInput, type JobAssignedResult } from "./assign-job";
export { jobsExtended, type JobsExtendedInput, type JobsExtendedResult } from "./extend-jobs";
export { expireDueJobs, type ExpireDueJobsOptions, type ExpireDueJobsResult } from "./expire-jobs";
export { jobSignals, type JobSignalName, type JobSignalPayload } from "./signals";
export { Signal, type Receiver } from "./signal";
export { jobTypes, type JobTypeKey } from "./job-types";
export { defineJobTypes, jobHref, type JobTypeDefinition, type JobAudience, type JobCompletion } from "./registry";
export { effectiveStatus, expiredNow, jobColumns, pendingNow } from "./job-sql";
export { METADATA_MAX_BYTES } from "./validation";
export type { Actor, Job, JobEventKind, JobPriority, JobSource, JobStatus, JsonObject, Target } from "./types";
