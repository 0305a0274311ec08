// The product's jobs are @jtbd/engine's jobs: the same types, named here so
// the product imports them from one place.
export type { Actor, Job, JobEventKind, JobPriority, JobSource, JobStatus, JsonObject, JsonValue, Target } from "@jtbd/engine";
