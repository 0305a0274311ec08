import { Prisma } from "@/lib/db/client";
import { appJobs } from "./app-jobs";

// The engine's SQL pieces as Prisma fragments, for the product's read models
// (todo list, queues, funnel) that query the engine's tables directly.

export { effectiveStatus } from "@jtbd/engine";

/** The engine's jobs table, schema-qualified (`jtbd.jobs`). */
export const jobsTable = Prisma.raw(appJobs.sql.jobs);

/** The engine's audit trail, schema-qualified (`jtbd.job_events`). */
export const jobEventsTable = Prisma.raw(appJobs.sql.events);

/** `id, job_type AS "jobType", …`, optionally qualified with a table alias: a row is then a `Job`. */
export function jobColumns(alias?: string): Prisma.Sql {
  return Prisma.raw(appJobs.sql.columns(alias));
}

/** SQL: the job is pending and its expiry (if any) has not passed. */
export function pendingNow(alias?: string): Prisma.Sql {
  return Prisma.raw(appJobs.sql.pendingNow(alias));
}

/** SQL: the job is not snoozed (never, or its snooze has passed): what a list of work shows. */
export function awakeNow(alias?: string): Prisma.Sql {
  return Prisma.raw(appJobs.sql.awakeNow(alias));
}

/** SQL: the job counts as expired, swept or not. */
export function expiredNow(alias?: string): Prisma.Sql {
  return Prisma.raw(appJobs.sql.expiredNow(alias));
}
