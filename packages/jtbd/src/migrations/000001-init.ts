import type { Migration } from "./migration.js";

// The tables as the app had them in its own schema (prisma/migrations up to
// 20261124083550), so a host can move its rows in with ids intact. What
// changed on the way into the package: assignee, completer and actor are
// opaque text ids (no foreign key into a host's users), enums live in the
// package's schema, and the funnel's index stays with the host that needs it.
export const init: Migration = {
  version: 1,
  name: "init",
  statements: [
    `CREATE TYPE :JTBD_SCHEMA.job_status AS ENUM ('pending', 'completed', 'cancelled', 'expired')`,
    `CREATE TYPE :JTBD_SCHEMA.job_source AS ENUM ('user', 'staff', 'system', 'auto')`,
    `CREATE TYPE :JTBD_SCHEMA.job_priority AS ENUM ('low', 'normal', 'high', 'urgent')`,
    `CREATE TYPE :JTBD_SCHEMA.job_event_kind AS ENUM ('requested', 'completed', 'cancelled', 'expired', 'assigned', 'extended')`,
    `CREATE TABLE :JTBD_SCHEMA.jobs (
    id UUID NOT NULL,
    job_type VARCHAR(100) NOT NULL,
    status :JTBD_SCHEMA.job_status NOT NULL DEFAULT 'pending',
    target_type VARCHAR(100) NOT NULL,
    target_id VARCHAR(191) NOT NULL,
    assigned_to_id TEXT,
    priority :JTBD_SCHEMA.job_priority NOT NULL DEFAULT 'normal',
    due_at TIMESTAMPTZ(3),
    created_at TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
    completed_at TIMESTAMPTZ(3),
    expires_at TIMESTAMPTZ(3),
    metadata JSONB NOT NULL DEFAULT '{}',
    completed_by_id TEXT,
    completion_source :JTBD_SCHEMA.job_source,
    resolution_note TEXT,
    CONSTRAINT jobs_pkey PRIMARY KEY (id)
)`,
    `CREATE TABLE :JTBD_SCHEMA.job_events (
    id BIGSERIAL NOT NULL,
    job_id UUID NOT NULL,
    kind :JTBD_SCHEMA.job_event_kind NOT NULL,
    actor_id TEXT,
    source :JTBD_SCHEMA.job_source NOT NULL,
    data JSONB NOT NULL DEFAULT '{}',
    created_at TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
    CONSTRAINT job_events_pkey PRIMARY KEY (id),
    CONSTRAINT job_events_job_id_fkey FOREIGN KEY (job_id) REFERENCES :JTBD_SCHEMA.jobs (id) ON DELETE CASCADE ON UPDATE CASCADE
)`,
    // The invariant behind idempotent requests: at most one pending job per
    // target and type. Requests lean on it with INSERT … ON CONFLICT.
    `CREATE UNIQUE INDEX jobs_one_pending_per_target ON :JTBD_SCHEMA.jobs (job_type, target_type, target_id) WHERE (status = 'pending')`,
    // An assignee's todo list and recently finished jobs.
    `CREATE INDEX jobs_assignee_status_created_idx ON :JTBD_SCHEMA.jobs (assigned_to_id, status, created_at)`,
    // One queue per job type, in creation order (keyset pagination on created_at, id).
    `CREATE INDEX jobs_queue_idx ON :JTBD_SCHEMA.jobs (job_type, status, created_at, id)`,
    // The expiry sweep: pending jobs by expiry.
    `CREATE INDEX jobs_pending_expiry_idx ON :JTBD_SCHEMA.jobs (expires_at) WHERE (status = 'pending' AND expires_at IS NOT NULL)`,
    // Everything that happened to one target.
    `CREATE INDEX jobs_target_idx ON :JTBD_SCHEMA.jobs (target_type, target_id)`,
    `CREATE INDEX job_events_job_id_id_idx ON :JTBD_SCHEMA.job_events (job_id, id)`,
  ],
};
