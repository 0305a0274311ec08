// The tables and enums in schema.prisma that @jtbd/engine creates and changes
// (its migrate(), schema "jtbd"): Prisma models them for reading and leaves
// them out of every migration. Read by prisma.config.ts and by our wasm diff
// (scripts/db/schema-diff.ts), so both agree.

export const JOBS_EXTERNAL_TABLES = ["jtbd.jobs", "jtbd.job_events", "jtbd.job_escalations"] as const;
export const JOBS_EXTERNAL_ENUMS = ["jtbd.job_status", "jtbd.job_source", "jtbd.job_priority", "jtbd.job_event_kind"] as const;
