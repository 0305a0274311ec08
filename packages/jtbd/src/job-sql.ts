import { quoteSchema } from "./schema-name.js";

// The SQL pieces every statement shares, built once per engine for its
// schema. Columns are aliased to the camelCase names of `Job`, so a row from
// either driver is already a Job.

const COLUMNS = [
  ["id", "id"],
  ["job_type", "jobType"],
  ["status", "status"],
  ["target_type", "targetType"],
  ["target_id", "targetId"],
  ["assigned_to_id", "assignedToId"],
  ["priority", "priority"],
  ["due_at", "dueAt"],
  ["created_at", "createdAt"],
  ["updated_at", "updatedAt"],
  ["completed_at", "completedAt"],
  ["expires_at", "expiresAt"],
  ["metadata", "metadata"],
  ["completed_by_id", "completedById"],
  ["completion_source", "completionSource"],
  ["resolution_note", "resolutionNote"],
  ["snoozed_until", "snoozedUntil"],
  ["occurrences", "occurrences"],
  ["last_occurred_at", "lastOccurredAt"],
  ["first_action_at", "firstActionAt"],
] as const;

export interface JobSql {
  readonly schema: string;
  /** `"jtbd".jobs` */
  readonly jobs: string;
  /** `"jtbd".job_events` */
  readonly events: string;
  /** `"jtbd".job_escalations`: the SLA rules fired, one row per job and rule. */
  readonly escalations: string;
  /** An enum type of the schema, e.g. `"jtbd".job_status`, for casts. */
  enumType(name: "job_status" | "job_source" | "job_priority" | "job_event_kind"): string;
  /** `id, job_type AS "jobType", …`, optionally qualified with a table alias. */
  columns(alias?: string): string;
  /** A condition: the job is pending and its expiry (if any) has not passed. */
  pendingNow(alias?: string): string;
  /** A condition: the job counts as expired, swept or not. */
  expiredNow(alias?: string): string;
  /** A condition: the job is not snoozed (never, or its snooze has passed): what a list shows. */
  awakeNow(alias?: string): string;
}

export function jobSql(schema: string): JobSql {
  const q = quoteSchema(schema);
  const p = (alias?: string) => (alias ? `${alias}.` : "");
  return {
    schema,
    jobs: `${q}.jobs`,
    events: `${q}.job_events`,
    escalations: `${q}.job_escalations`,
    enumType: (name) => `${q}.${name}`,
    columns: (alias) =>
      COLUMNS.map(([column, field]) => (column === field ? `${p(alias)}${column}` : `${p(alias)}${column} AS "${field}"`)).join(", "),
    pendingNow: (alias) => `(${p(alias)}status = 'pending' AND (${p(alias)}expires_at IS NULL OR ${p(alias)}expires_at > now()))`,
    awakeNow: (alias) => `(${p(alias)}snoozed_until IS NULL OR ${p(alias)}snoozed_until <= now())`,
    expiredNow: (alias) => `(${p(alias)}status = 'expired' OR (${p(alias)}status = 'pending' AND ${p(alias)}expires_at <= now()))`,
  };
}
