/**
 * The engine's seam to PostgreSQL: run this SQL (text with $1… placeholders and
 * its values) on this connection or in this transaction. Adapters exist for
 * `pg` (fromPg) and Prisma (fromPrisma); anything that can run a parameterised
 * statement can implement it.
 */
export interface Database {
  /** The rows of a statement (a SELECT, or a data-modifying one with RETURNING). */
  query<R = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<R[]>;
  /** A statement whose rows nobody needs (DDL, SAVEPOINT…); returns the rows affected where known. */
  execute(text: string, params?: readonly unknown[]): Promise<number>;
  /**
   * Runs `fn` in a transaction and commits when it resolves, rolls back when it
   * throws. On a handle that is already a transaction, runs `fn` in that one
   * (the caller commits), so the engine joins a host's transaction.
   */
  transaction<T>(fn: (tx: Database) => Promise<T>): Promise<T>;
  /** Whether this handle is a transaction already (receivers need one for their savepoints). */
  readonly inTransaction: boolean;
  /** The driver's own handle under this one (a pg Pool/Client, a Prisma client or transaction), for receivers that prefer it. */
  readonly native: unknown;
}
