// Where @jtbd/engine keeps the product's jobs: its own PostgreSQL schema. The
// one place the name is written for code; read models qualify the tables
// with these (the migrations and schema.prisma spell it out, as SQL must).

export const JOBS_SCHEMA = "jtbd";

/** `jtbd.jobs`, for raw SQL. */
export const JOBS_TABLE = `${JOBS_SCHEMA}.jobs`;

/** `jtbd.job_events`, for raw SQL. */
export const JOB_EVENTS_TABLE = `${JOBS_SCHEMA}.job_events`;

/** `jtbd.job_escalations` (each SLA rule fired for a job), for raw SQL. */
export const JOB_ESCALATIONS_TABLE = `${JOBS_SCHEMA}.job_escalations`;
