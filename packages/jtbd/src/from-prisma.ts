import type { Database } from "./database.js";

// The adapter for Prisma (any version with $queryRawUnsafe, any driver or
// adapter), described by shape only: the package imports neither
// @prisma/client nor a generated client.

/** A Prisma client or an interactive transaction, by the raw methods the engine calls. */
export interface PrismaLike {
  // `any[]`: Prisma declares raw values as `any[]` itself.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  $queryRawUnsafe<T = unknown>(query: string, ...values: any[]): PromiseLike<T>;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  $executeRawUnsafe(query: string, ...values: any[]): PromiseLike<number>;
}

export interface FromPrismaOptions {
  /** Passed to `$transaction` when the engine opens one on a client (Prisma's own defaults are 2 s / 5 s). */
  transactionOptions?: { maxWait?: number; timeout?: number; isolationLevel?: string };
}

type InteractiveTransaction = <T>(fn: (tx: PrismaLike) => Promise<T>, options?: object) => Promise<T>;

/**
 * The engine's Database over Prisma. Pass the client, or inside
 * `prisma.$transaction(async (tx) => …)` pass `tx`: the engine's statements
 * (and its receivers) then run in your transaction and commit with it.
 * A transaction has no `$connect` of its own; that is how the two are told
 * apart (Prisma 7 gives a transaction a `$transaction` of its own, nested on
 * the same connection, so that no longer tells; Prisma 5 and 6 have neither).
 */
export function fromPrisma(prisma: PrismaLike, options: FromPrismaOptions = {}): Database {
  const inTransaction = isPrismaTransaction(prisma);
  const $transaction = (prisma as { $transaction?: unknown }).$transaction;
  const handle: Database = {
    native: prisma,
    inTransaction,
    query: async <R>(text: string, params: readonly unknown[] = []) => (await prisma.$queryRawUnsafe<R[]>(text, ...params)) as R[],
    execute: async (text, params = []) => prisma.$executeRawUnsafe(text, ...params),
    transaction<T>(fn: (tx: Database) => Promise<T>): Promise<T> {
      if (inTransaction || typeof $transaction !== "function") return fn(handle);
      return (prisma as unknown as { $transaction: InteractiveTransaction }).$transaction((tx: PrismaLike) => fn(fromPrisma(tx)), {
        maxWait: 10_000,
        timeout: 30_000,
        ...options.transactionOptions,
      });
    },
  };
  return handle;
}

/** Whether `prisma` is an interactive transaction's client rather than a client of its own (which can `$connect`). */
export function isPrismaTransaction(prisma: PrismaLike): boolean {
  return typeof (prisma as { $connect?: unknown }).$connect !== "function";
}
