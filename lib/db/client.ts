import { PrismaPg } from "@prisma/adapter-pg";
import { Prisma, PrismaClient } from "@/lib/generated/prisma/client";

// The one module that imports the generated client. Everything else takes a
// `Db` (the client or an interactive transaction) from here.
export { Prisma, PrismaClient };
export type { Job as JobRow, JobEvent as JobEventRow, User as UserRow } from "@/lib/generated/prisma/client";
export { JobStatus, JobSource, JobPriority, JobEventKind, Role } from "@/lib/generated/prisma/enums";

/** A Prisma client or an interactive transaction opened from one. */
export type Db = PrismaClient | Prisma.TransactionClient;

export interface CreatePrismaClientOptions {
  connectionString: string;
  /** Pool size. The embedded database serves a few connections only. */
  max?: number;
}

export function createPrismaClient({ connectionString, max }: CreatePrismaClientOptions): PrismaClient {
  const adapter = new PrismaPg({ connectionString, max: max ?? 10 });
  return new PrismaClient({ adapter });
}

/**
 * Runs `fn` in a transaction: the caller's when `db` is one already, else a new
 * one. Lets the engine join a domain transaction without nesting.
 */
export async function inTransaction<T>(db: Db, fn: (tx: Prisma.TransactionClient) => Promise<T>): Promise<T> {
  // A transaction client has no $transaction of its own.
  if (!("$transaction" in db)) return fn(db);
  return (db as PrismaClient).$transaction(fn, { maxWait: 10_000, timeout: 30_000 });
}
