import { setImmediate as nextMacrotask } from "node:timers/promises";
import pg from "pg";
import PgBoss from "pg-boss";
import { log } from "@/lib/log";

export interface TrackedBoss {
  boss: PgBoss;
  /**
   * Stops pg-boss, then waits until no handler runs and no statement is
   * pending before closing the pool. Call once the handlers may no longer
   * start new work, but before closing what they use (Prisma, the mailer).
   */
  stop(): Promise<void>;
}

type Handler = (...args: unknown[]) => unknown;

/** What pg-boss's statements run on: a pg.Pool, or one that wraps it (tests slow a statement down with it). */
export type QueryPool = Pick<pg.Pool, "query" | "end" | "on">;

/**
 * pg-boss on a connection pool of ours, with every handler and statement
 * tracked. Why: pg-boss 10's stop() waits only for workers that hold jobs at
 * that moment. A fetch already in flight can return jobs after stop() has
 * resolved; the handler then runs, and pg-boss completes or fails the job
 * *without awaiting it*. Closing the pool (or what the handler uses) at that
 * point rejects a statement with nobody listening: an unhandled rejection,
 * which ends a Node process (CI failed once on exactly this). So stop()
 * drains: after each macrotask tick (by which a resolved fetch has started its
 * handler, a finished handler has issued its complete) it waits for whatever
 * runs, until a tick finds nothing running.
 */
export function createTrackedBoss(connectionString: string, max: number, options: { pool?: QueryPool } = {}): TrackedBoss {
  const pool = options.pool ?? new pg.Pool({ connectionString, max, application_name: "jtbd-pg-boss" });
  pool.on("error", (error: Error) => log.error("pg-boss pool: an idle connection failed", { error }));
  const running = new Set<Promise<unknown>>();
  const track = <T>(promise: Promise<T>): Promise<T> => {
    running.add(promise);
    const forget = () => running.delete(promise);
    void promise.then(forget, forget);
    return promise;
  };
  let closed = false;
  const boss = new PgBoss({
    db: {
      executeSql(text, values) {
        if (closed) return Promise.reject(new Error("pg-boss pool is closed"));
        return track(pool.query(text, values));
      },
    },
  });
  // Every handler registered, whatever its overload, runs tracked.
  const work = boss.work.bind(boss) as (name: string, ...args: unknown[]) => Promise<string>;
  boss.work = ((name: string, ...args: unknown[]) => {
    const handler = args.pop() as Handler;
    return work(name, ...args, (...handlerArgs: unknown[]) => track(Promise.resolve().then(() => handler(...handlerArgs))));
  }) as typeof boss.work;

  return {
    boss,
    async stop() {
      await boss.stop({ graceful: true, timeout: 30_000 });
      for (;;) {
        await nextMacrotask();
        if (running.size === 0) break;
        await Promise.allSettled([...running]);
      }
      closed = true;
      await pool.end();
    },
  };
}
