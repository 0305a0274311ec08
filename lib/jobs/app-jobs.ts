import { createJobs, type Database, fromPg, fromPrisma, isJobsError, type JobSignalName, type Jobs, type JobsError } from "@jtbd/engine";
import { type Db, pgPoolOf, type PrismaClient } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { log } from "@/lib/log";
import { jobTypes } from "./job-types";
import { JOBS_SCHEMA } from "./jobs-schema";

// The product's one @jtbd/engine: its job types, its schema, its logger. The
// product never fires a signal on it directly: lib/jobs' wrappers take the
// product's `Db` (a Prisma client or transaction), pick the engine's handle
// for it, and turn the engine's errors into AppErrors.

type AppJobs = Jobs<typeof jobTypes.engineTypes>;

/** Every call names its database; an engine call without one is a bug in lib/jobs. */
const noDefaultDatabase: Database = {
  native: null,
  inTransaction: false,
  query: () => Promise.reject(new Error("lib/jobs: pass the database to every engine call")),
  execute: () => Promise.reject(new Error("lib/jobs: pass the database to every engine call")),
  transaction: () => Promise.reject(new Error("lib/jobs: pass the database to every engine call")),
};

// One engine per process, kept on globalThis: Next compiles instrumentation.ts
// (where receivers are connected at start) as a separate entry with its own
// copy of this module, and both copies must fire the same engine's signals.
const holder = globalThis as unknown as { __jtbdAppJobs?: AppJobs };

export const appJobs: AppJobs = (holder.__jtbdAppJobs ??= createJobs({
  types: jobTypes.engineTypes,
  db: noDefaultDatabase,
  logger: log,
  schema: JOBS_SCHEMA,
}));

const pgHandles = new WeakMap<object, Database>();
const TRANSACTION_OPTIONS = { transactionOptions: { maxWait: 10_000, timeout: 30_000 } };

/**
 * The engine's handle for the product's `db`. A transaction is joined
 * (fromPrisma). On a client: with nobody listening to what the call may
 * send, statements go straight to the pg pool under Prisma (one round trip,
 * no Prisma per-statement cost: the hot paths); with receivers, the call
 * runs in a Prisma transaction, so receivers get the Prisma transaction
 * they write through.
 */
export function engineDb(db: Db, signals: readonly JobSignalName[]): Database {
  if (!("$transaction" in db)) return fromPrisma(db);
  const pool = pgPoolOf(db);
  if (pool && !signals.some((name) => appJobs.signals[name].hasReceivers)) {
    let handle = pgHandles.get(pool);
    if (!handle) pgHandles.set(pool, (handle = fromPg(pool)));
    return handle;
  }
  return fromPrisma(db as PrismaClient, TRANSACTION_OPTIONS);
}

/**
 * A JobsError from any copy of the engine. Next bundles instrumentation.ts
 * (which creates the shared engine) apart from the actions, each with its own
 * copy of @jtbd/engine, so `instanceof` against this copy's class misses the
 * errors the shared engine throws: recognise the error by its name and code.
 */
function asJobsError(error: unknown): JobsError | null {
  if (isJobsError(error)) return error;
  if (error instanceof Error && error.name === "JobsError" && typeof (error as { code?: unknown }).code === "string") return error as JobsError;
  return null;
}

/** The engine's JobsError as the product's AppError (same codes, same messages); anything else unchanged. */
export function toAppError(raw: unknown): unknown {
  const error = asJobsError(raw);
  if (!error) return raw;
  switch (error.code) {
    case "schema_not_migrated":
    case "schema_too_new":
      // Not the caller's fault: a deployment that skipped `npm run db:migrate`.
      return new AppError("internal", "Something went wrong on our side. Please try again later.", { internal: error.message, cause: error });
    default:
      return new AppError(error.code, error.message, { internal: error.internal, fieldErrors: error.fieldErrors, cause: error });
  }
}

/** Runs one engine call on the product's `db`, with its errors as AppErrors. */
export async function onEngine<T>(db: Db, signals: readonly JobSignalName[], call: (db: Database) => Promise<T>): Promise<T> {
  try {
    return await call(engineDb(db, signals));
  } catch (error) {
    throw toAppError(error);
  }
}
