import { createJobs, type Database, fromPg, fromPrisma, isJobsError, isPrismaTransaction, type Jobs, type JobsError } from "@jtbd/engine";
import { pgPoolOf, type PrismaClient, type SqlDb, sqlDbOnPg } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { log } from "@/lib/log";
import { BUSINESS_HOURS } from "./business-hours";
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
  businessHours: BUSINESS_HOURS,
}));

const pgHandles = new WeakMap<object, Database>();
const TRANSACTION_OPTIONS = { transactionOptions: { maxWait: 10_000, timeout: 30_000 } };

/**
 * The receivers' handles made by receiverDb, and the engine transaction each
 * runs on: an engine call a receiver makes with its `db` joins that transaction.
 */
const receiverHandles = new WeakMap<object, Database>();
const receiverHandlesByTx = new WeakMap<Database, SqlDb>();

/**
 * What a receiver gets as `db` for the engine's transaction handle: the Prisma
 * transaction when the caller passed one (the receiver joins the caller's
 * transaction), else raw SQL on the engine's own pg client. One per
 * transaction, so receivers of one change share it.
 */
export function receiverDb(tx: Database): SqlDb {
  const native = tx.native as Partial<SqlDb> | null;
  if (native && typeof native.$executeRaw === "function") return native as SqlDb;
  const client = native as { query?: unknown } | null;
  if (!client || typeof client.query !== "function" || !tx.inTransaction) {
    throw new Error("lib/jobs: a receiver ran outside a transaction; call the engine through lib/jobs' signals only");
  }
  let handle = receiverHandlesByTx.get(tx);
  if (!handle) {
    handle = sqlDbOnPg(client as Parameters<typeof sqlDbOnPg>[0]);
    receiverHandlesByTx.set(tx, handle);
    receiverHandles.set(handle, tx);
  }
  return handle;
}

/**
 * The engine's handle for the product's `db`. A Prisma transaction is joined
 * (fromPrisma); a receiver's handle joins the engine transaction it belongs
 * to. On a client, statements go straight to the pg pool under Prisma: one
 * round trip when nobody listens, and with receivers a BEGIN … COMMIT on one
 * pooled pg client, each receiver under its savepoint (no Prisma interactive
 * transaction: it costs a Prisma round trip per statement, bench/README.md).
 */
export function engineDb(db: SqlDb): Database {
  const joined = receiverHandles.get(db);
  if (joined) return joined;
  if (isPrismaTransaction(db)) return fromPrisma(db);
  const pool = pgPoolOf(db);
  if (pool) {
    let handle = pgHandles.get(pool);
    if (!handle) pgHandles.set(pool, (handle = fromPg(pool)));
    return handle;
  }
  // A client this module did not make (no pool to reach): Prisma's own transaction.
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
  if (error instanceof Error && error.name === "JobsError" && typeof (error as { code?: unknown }).code === "string")
    return error as JobsError;
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
      return new AppError("internal", "Something went wrong on our side. Please try again later.", {
        internal: error.message,
        cause: error,
      });
    default:
      return new AppError(error.code, error.message, { internal: error.internal, fieldErrors: error.fieldErrors, cause: error });
  }
}

/** Runs one engine call on the product's `db`, with its errors as AppErrors. */
export async function onEngine<T>(db: SqlDb, call: (db: Database) => Promise<T>): Promise<T> {
  try {
    return await call(engineDb(db));
  } catch (error) {
    throw toAppError(error);
  }
}
