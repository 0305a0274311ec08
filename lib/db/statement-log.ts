import { appendFileSync } from "node:fs";
import type pg from "pg";

// Every statement a pool's connections send, appended to a file as JSON lines
// ({ sql, params }). For measuring, never for production: the bench starts
// `next start` with STATEMENT_LOG set, requests a page once, and EXPLAINs what
// the server sent during that request, so its plan check covers the layout,
// the session lookup and every read a page makes without anyone listing them.
// Hooked on the connection, under both front doors (Prisma's adapter and
// queryRows), so nothing that reaches PostgreSQL through the pool is missed.

export interface LoggedStatement {
  sql: string;
  params: unknown[];
}

type QueryArgs = [text: string | { text: string; values?: unknown[] }, values?: unknown];

/** Appends every statement `pool`'s connections send to `file`. */
export function statementLog(pool: pg.Pool, file: string): void {
  pool.on("connect", (client) => {
    const send = client.query.bind(client) as (...args: QueryArgs) => unknown;
    (client as unknown as { query: (...args: QueryArgs) => unknown }).query = (...args: QueryArgs) => {
      const [first, second] = args;
      const statement: LoggedStatement =
        typeof first === "string"
          ? { sql: first, params: Array.isArray(second) ? second : [] }
          : { sql: first.text, params: first.values ?? [] };
      // Synchronous, so a request's statements are in the file by the time its response is read.
      appendFileSync(file, `${JSON.stringify(statement)}\n`);
      return send(...args);
    };
  });
}
