import { isPrismaTransaction } from "@jtbd/engine";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { Prisma, PrismaClient } from "@/lib/generated/prisma/client";
import { log } from "@/lib/log";
import { statementLog } from "./statement-log";

// The one module that imports the generated client. Everything else takes a
// `Db` (the client or an interactive transaction) from here.
export { Prisma, PrismaClient };
/** Whether `db` is an interactive transaction (Prisma 7 gives one a nested `$transaction`; only a client can `$connect`). */
export { isPrismaTransaction };
export type { Document as DocumentRow, Job as JobRow, JobEvent as JobEventRow, User as UserRow } from "@/lib/generated/prisma/client";
export { JobStatus, JobSource, JobPriority, JobEventKind, Role } from "@/lib/generated/prisma/enums";

/** A Prisma client or an interactive transaction opened from one. */
export type Db = PrismaClient | Prisma.TransactionClient;

/**
 * Raw SQL on a connection: what a job-signal receiver gets, and what the code
 * it calls takes. A Prisma client or transaction is one (same methods); so is
 * `sqlDbOnPg(client)`, a pg client inside the engine's own transaction, which
 * keeps a receiver's writes on the change's connection without a Prisma
 * interactive transaction (bench/README.md: writes as the app runs them).
 */
export interface SqlDb {
  // `any[]`: the values of a tagged template, as Prisma declares them.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  $queryRaw<T = unknown>(query: TemplateStringsArray | Prisma.Sql, ...values: any[]): PromiseLike<T>;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  $executeRaw(query: TemplateStringsArray | Prisma.Sql, ...values: any[]): PromiseLike<number>;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  $queryRawUnsafe<T = unknown>(query: string, ...values: any[]): PromiseLike<T>;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  $executeRawUnsafe(query: string, ...values: any[]): PromiseLike<number>;
}

interface PgQueryable {
  query(text: string, values?: unknown[]): Promise<{ rows: unknown[]; rowCount: number | null }>;
}

function toSql(query: TemplateStringsArray | Prisma.Sql, values: unknown[]): Prisma.Sql {
  // Not instanceof: Next may bundle two copies of Prisma's runtime.
  return Array.isArray(query) ? Prisma.sql(query as TemplateStringsArray, ...values) : (query as Prisma.Sql);
}

/**
 * Raw SQL on one pg client (inside a transaction someone else opened and
 * commits), with Prisma's raw methods' shape: `$queryRaw` takes the same
 * tagged templates and `Prisma.sql` fragments. Values come back as pg returns
 * them, which for our statements is what Prisma returns (no int8 or numeric).
 */
export function sqlDbOnPg(client: PgQueryable): SqlDb {
  const run = (text: string, values: readonly unknown[]) => client.query(text, values.length ? [...values] : undefined);
  return {
    $queryRaw: async <T>(query: TemplateStringsArray | Prisma.Sql, ...values: unknown[]) => {
      const sql = toSql(query, values);
      return (await run(sql.text, sql.values)).rows as T;
    },
    $executeRaw: async (query, ...values) => {
      const sql = toSql(query, values);
      return (await run(sql.text, sql.values)).rowCount ?? 0;
    },
    $queryRawUnsafe: async <T>(text: string, ...values: unknown[]) => (await run(text, values)).rows as T,
    $executeRawUnsafe: async (text, ...values) => (await run(text, values)).rowCount ?? 0,
  };
}

export interface CreatePrismaClientOptions {
  connectionString: string;
  /** Pool size. The embedded database serves a few connections only. */
  max?: number;
  /** A file to append every statement to (lib/db/statement-log.ts); measuring only. */
  statementLogFile?: string;
}

/** The pg pool under each client this module made: one pool, two front doors. */
const pools = new WeakMap<object, pg.Pool>();

export function createPrismaClient({ connectionString, max, statementLogFile }: CreatePrismaClientOptions): PrismaClient {
  const pool = new pg.Pool({ connectionString, max: max ?? 10 });
  if (statementLogFile) statementLog(pool, statementLogFile);
  // An idle connection the server drops (a restart, a failover, an admin's
  // pg_terminate_backend) is reported here; the pool has already discarded it
  // and opens a new one on demand. Without a listener Node treats the event as
  // an uncaught error and the whole process (web server, worker) goes down.
  pool.on("error", (error) => log.warn("an idle database connection was lost; the pool replaces it", { error: error.message }));
  const client = new PrismaClient({ adapter: new PrismaPg(pool, { disposeExternalPool: true }) });
  pools.set(client, pool);
  return client;
}

/**
 * The rows of a raw statement (a SELECT, or a data-modifying CTE that ends in
 * one). On a client made by createPrismaClient it goes straight to the pg pool
 * under it: Prisma's $queryRaw costs about 0.15 ms of CPU per statement plus a
 * conversion of every value, which the hot paths cannot afford (bench/README.md).
 * In a transaction it goes through the transaction, whose connection Prisma holds.
 * pg and Prisma return the same JS values for the types our statements return
 * (no int8 or numeric columns).
 */
export async function queryRows<T>(db: SqlDb, query: Prisma.Sql): Promise<T[]> {
  const pool = pools.get(db);
  if (pool) return (await pool.query(query.text, query.values)).rows as T[];
  return db.$queryRaw<T[]>(query);
}

/** The pg pool under a client made by createPrismaClient (none for a transaction or another client). */
export function pgPoolOf(db: SqlDb): pg.Pool | undefined {
  return pools.get(db);
}

/**
 * Runs `fn` in a transaction: the caller's when `db` is one already, else a new
 * one. Lets the engine join a domain transaction without nesting.
 */
export async function inTransaction<T>(db: Db, fn: (tx: Prisma.TransactionClient) => Promise<T>): Promise<T> {
  if (isPrismaTransaction(db)) return fn(db as Prisma.TransactionClient);
  return (db as PrismaClient).$transaction(fn, { maxWait: 10_000, timeout: 30_000 });
}
