import type { Migration } from "./migration.js";

// What staff work beyond list-claim-resolve needs from the job itself:
// - snooze: a pending job leaves its lists until `snoozed_until`, and comes
//   back by itself (no sweep: lists compare with now()).
// - reopen: a finished job back to pending (event `reopened`).
// - exceptions that recur: a report for a target that already has a pending
//   job of that type counts an occurrence (`occurrences`, `last_occurred_at`,
//   event `recurred`) instead of being absorbed silently.
// - SLAs: `first_action_at` is when someone first acted on the job (assigned,
//   snoozed, noted…); `job_escalations` holds each rule fired for a job, once
//   (its primary key), with the event `escalated`.
// Every column is nullable or has a constant default, so adding them does not
// rewrite the table (PostgreSQL 11+); an older engine never reads them: not breaking.
export const staffDepth: Migration = {
  version: 3,
  name: "staff-depth",
  statements: [
    `ALTER TYPE :JTBD_SCHEMA.job_event_kind ADD VALUE IF NOT EXISTS 'snoozed'`,
    `ALTER TYPE :JTBD_SCHEMA.job_event_kind ADD VALUE IF NOT EXISTS 'reopened'`,
    `ALTER TYPE :JTBD_SCHEMA.job_event_kind ADD VALUE IF NOT EXISTS 'recurred'`,
    `ALTER TYPE :JTBD_SCHEMA.job_event_kind ADD VALUE IF NOT EXISTS 'escalated'`,
    `ALTER TABLE :JTBD_SCHEMA.jobs
    ADD COLUMN snoozed_until TIMESTAMPTZ(3),
    ADD COLUMN occurrences INTEGER NOT NULL DEFAULT 1,
    ADD COLUMN last_occurred_at TIMESTAMPTZ(3),
    ADD COLUMN first_action_at TIMESTAMPTZ(3)`,
    `CREATE TABLE :JTBD_SCHEMA.job_escalations (
    job_id UUID NOT NULL,
    rule VARCHAR(100) NOT NULL,
    fired_at TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
    CONSTRAINT job_escalations_pkey PRIMARY KEY (job_id, rule),
    CONSTRAINT job_escalations_job_id_fkey FOREIGN KEY (job_id) REFERENCES :JTBD_SCHEMA.jobs (id) ON DELETE CASCADE ON UPDATE CASCADE
)`,
  ],
};
