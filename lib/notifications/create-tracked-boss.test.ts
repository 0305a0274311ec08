import pg from "pg";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/test/database";
import { createTrackedBoss, type QueryPool } from "./create-tracked-boss";

// pg-boss's stop() waits only for workers that hold jobs when it is called. A
// fetch already on the wire can still return a job afterwards; its handler
// then runs, and pg-boss completes the job without awaiting the statement.
// CI once failed on an unhandled "pool is closed" from exactly that. Here the
// fetch is held on the wire (a pool that delays it, on a real PostgreSQL)
// until pg-boss has said it stopped.

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase({ empty: true, poolMax: 1 });
});
afterAll(() => t?.close());

/** A real pool whose first fetch from `queue` waits until `release()`. */
function poolHoldingFirstFetch(url: string, queue: string) {
  const real = new pg.Pool({ connectionString: url, max: 3 });
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let held!: () => void;
  const holding = new Promise<void>((resolve) => (held = resolve));
  let first = true;
  const pool = {
    query: async (text: string, values?: unknown[]) => {
      if (first && text.includes("FOR UPDATE SKIP LOCKED") && values?.[0] === queue) {
        first = false;
        const result = await real.query(text, values);
        held();
        await released;
        return result;
      }
      return real.query(text, values);
    },
    end: () => real.end(),
    on: real.on.bind(real),
  } as unknown as QueryPool;
  return { pool, holding, release };
}

describe("stopping pg-boss on a tracked pool", () => {
  test("a job fetched while stop() runs is worked to the end and completed before the pool closes; nothing rejects unheard", async () => {
    const unheard: unknown[] = [];
    const listen = (reason: unknown) => unheard.push(reason);
    process.on("unhandledRejection", listen);
    try {
      const queue = "tracked-stop";
      const { pool, holding, release } = poolHoldingFirstFetch(t.url, queue);
      const { boss, stop } = createTrackedBoss(t.url, 3, { pool });
      const events: string[] = [];
      boss.on("stopped", () => events.push("pg-boss stopped"));
      await boss.start();
      await boss.createQueue(queue);
      const jobId = await boss.send(queue, { n: 1 });
      await boss.work(queue, { pollingIntervalSeconds: 0.5 }, async () => {
        events.push("handler started");
        await new Promise((resolve) => setTimeout(resolve, 200));
        events.push("handler finished");
      });

      await holding; // the job is fetched, the answer not yet handed to pg-boss
      const stopped = stop().then(() => events.push("stop resolved"));
      await expect.poll(() => events, { timeout: 10_000 }).toContain("pg-boss stopped");
      release();
      await stopped;

      expect(events).toEqual(["pg-boss stopped", "handler started", "handler finished", "stop resolved"]);
      const [job] = await t.prisma.$queryRawUnsafe<{ state: string }[]>(`SELECT state::text FROM pgboss.job WHERE id = $1::uuid`, jobId);
      expect(job?.state).toBe("completed");
      // Let any statement fired without awaiting it settle before looking.
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(unheard).toEqual([]);
    } finally {
      process.off("unhandledRejection", listen);
    }
  });
});
