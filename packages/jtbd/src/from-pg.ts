import type { Database } from "./database.js";

// The adapter for node-postgres, described by shape only so the package does
// not depend on `pg` (any 8.x works, as do pg-compatible drivers).

interface PgResultLike {
  rows: unknown[];
  rowCount: number | null;
}

/** A pg.Pool, pg.Client or pool client, by the one method the engine calls. */
export interface PgQueryable {
  // `any[]`: pg's own parameter type varies between versions of its types.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  query(text: string, values?: any[]): Promise<PgResultLike>;
}

export interface PgPoolLike extends PgQueryable {
  connect(): Promise<PgPoolClientLike>;
}

export interface PgPoolClientLike extends PgQueryable {
  release(destroy?: Error | boolean): void;
}

export interface PgClientLike extends PgQueryable {
  /** pg ≥ 8.11: "I" idle, "T" in a transaction, "E" in a failed one. */
  getTransactionStatus?(): string | null;
}

export interface FromPgOptions {
  /**
   * The client is inside a transaction you opened and will commit: the
   * engine runs in it and never sends BEGIN or COMMIT. Only needed with pg
   * versions that cannot report a client's transaction status.
   */
  inTransaction?: boolean;
}

function isPool(db: PgQueryable): db is PgPoolLike {
  // A Client (and a pool's client) report their transaction status; a Pool
  // does not, but hands out clients with connect().
  return (
    typeof (db as PgClientLike).getTransactionStatus !== "function" &&
    typeof (db as PgPoolLike).connect === "function" &&
    "totalCount" in db
  );
}

async function run(db: PgQueryable, text: string, params?: readonly unknown[]) {
  return params && params.length ? db.query(text, [...params]) : db.query(text);
}

/** A handle that is a transaction already: the engine's work joins it. */
function inTransactionHandle(client: PgQueryable, native: unknown): Database {
  const handle: Database = {
    native,
    inTransaction: true,
    query: async <R>(text: string, params?: readonly unknown[]) => (await run(client, text, params)).rows as R[],
    execute: async (text, params) => (await run(client, text, params)).rowCount ?? 0,
    transaction: (fn) => fn(handle),
  };
  return handle;
}

async function inNewTransaction<T>(client: PgQueryable, native: unknown, fn: (tx: Database) => Promise<T>): Promise<T> {
  await client.query("BEGIN");
  let result: T;
  try {
    result = await fn(inTransactionHandle(client, native));
  } catch (error) {
    await client.query("ROLLBACK");
    throw error;
  }
  await client.query("COMMIT");
  return result;
}

/**
 * The engine's Database over node-postgres.
 *
 * - A Pool: each statement takes any connection; when the engine needs a
 *   transaction (receivers are connected, or migrate) it checks out a client
 *   and runs BEGIN … COMMIT on it.
 * - A Client or pool client: statements run on it. If it is inside a
 *   transaction (yours: you sent BEGIN), the engine joins it and you commit;
 *   otherwise the engine opens and commits its own when it needs one.
 */
export function fromPg(db: PgQueryable, options: FromPgOptions = {}): Database {
  if (isPool(db)) {
    return {
      native: db,
      inTransaction: false,
      query: async <R>(text: string, params?: readonly unknown[]) => (await run(db, text, params)).rows as R[],
      execute: async (text, params) => (await run(db, text, params)).rowCount ?? 0,
      async transaction(fn) {
        const client = await db.connect();
        try {
          const result = await inNewTransaction(client, client, fn);
          client.release();
          return result;
        } catch (error) {
          // A client whose ROLLBACK failed may be in any state: destroy it rather than reuse it.
          client.release(error instanceof Error ? error : true);
          throw error;
        }
      },
    };
  }
  const client = db as PgClientLike;
  const inTransaction = () => options.inTransaction === true || ["T", "E"].includes(client.getTransactionStatus?.() ?? "");
  return {
    native: client,
    get inTransaction() {
      return inTransaction();
    },
    query: async <R>(text: string, params?: readonly unknown[]) => (await run(client, text, params)).rows as R[],
    execute: async (text, params) => (await run(client, text, params)).rowCount ?? 0,
    transaction: (fn) => (inTransaction() ? fn(inTransactionHandle(client, client)) : inNewTransaction(client, client, fn)),
  };
}
