import pg from "pg";
import type PgBoss from "pg-boss";
import { log } from "@/lib/log";

export interface BossPool extends PgBoss.Db {
  /** Waits for every statement already issued, then closes the pool. */
  close(): Promise<void>;
}

/**
 * The connection pool a worker's pg-boss runs on, owned by us rather than by
 * pg-boss. Why: pg-boss 10 completes or fails a job *without awaiting it*
 * right after the handler returns, so its own stop() can close its pool while
 * that statement is still queued; the statement then rejects with nobody
 * listening (an unhandled rejection, which ends a Node process). This pool
 * tracks every statement and closes only once they have all settled.
 */
export function createBossPool(connectionString: string, max: number): BossPool {
  const pool = new pg.Pool({ connectionString, max, application_name: "jtbd-pg-boss" });
  pool.on("error", (error) => log.error("pg-boss pool: an idle connection failed", { error }));
  const inFlight = new Set<Promise<unknown>>();
  let closed = false;
  return {
    executeSql(text, values) {
      if (closed) return Promise.reject(new Error("pg-boss pool is closed"));
      const query = pool.query(text, values);
      inFlight.add(query);
      void query.then(
        () => inFlight.delete(query),
        () => inFlight.delete(query),
      );
      return query;
    },
    async close() {
      // Statements issued while earlier ones finish are waited for too.
      while (inFlight.size) await Promise.allSettled([...inFlight]);
      closed = true;
      await pool.end();
    },
  };
}
