import { expect, test } from "vitest";
import { fromPg } from "../src/index.js";
import { withTestEngine, photo, type TestJobs } from "./helpers/engine.js";
import type { TestDatabase } from "./helpers/test-database.js";

// PostgreSQL only: it holds one transaction open while another connection
// waits on a row lock of the unique index, which PGlite's single backend
// cannot interleave.

let t: TestDatabase;
let jobs: TestJobs;
withTestEngine((ready) => ({ t, jobs } = ready));

async function waitForLockWait(): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const { rows } = await t.pool.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'",
    );
    if (rows[0]!.n > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error("the second reopen never waited on the first");
}

test("a reopen that loses the race at the unique index is refused as a duplicate, and the caller's transaction stays usable", async () => {
  const target = photo();
  const ids: string[] = [];
  for (let i = 0; i < 2; i++) {
    const { job } = await jobs.jobRequested({ jobType: "support.review-photo", target });
    await jobs.jobCompleted({ jobType: "support.review-photo", target, source: "staff" });
    ids.push(job.id);
  }

  const first = await t.pool.connect();
  const second = await t.pool.connect();
  try {
    await first.query("BEGIN");
    await jobs.jobReopened({ jobId: ids[0]!, reason: "first", source: "staff" }, { db: fromPg(first) });

    // The second sees no pending job yet (the first has not committed), so it
    // gets as far as the index, and waits there for the first to finish.
    await second.query("BEGIN");
    const losing = jobs.jobReopened({ jobId: ids[1]!, reason: "second", source: "staff" }, { db: fromPg(second) }).then(
      () => null,
      (error: unknown) => error,
    );
    await waitForLockWait();
    await first.query("COMMIT");

    expect(await losing).toMatchObject({ code: "duplicate_pending_job" });
    // Rolled back to its savepoint only: the caller's transaction goes on.
    const { rows } = await second.query<{ ok: number }>("SELECT 1 AS ok");
    expect(rows).toEqual([{ ok: 1 }]);
    await second.query("COMMIT");
  } finally {
    first.release();
    second.release();
  }

  const { rows } = await t.pool.query<{ id: string; status: string }>(
    `SELECT id, status::text FROM ${jobs.sql.jobs} WHERE target_type = $1 AND target_id = $2 ORDER BY id`,
    [target.type, target.id],
  );
  expect(rows.map((r) => [r.id, r.status])).toEqual([
    [ids[0], "pending"],
    [ids[1], "completed"],
  ]);
  const { rows: events } = await t.pool.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM ${jobs.sql.events} WHERE job_id = $1::uuid AND kind = 'reopened'`,
    [ids[1]],
  );
  expect(events[0]!.n).toBe(0);
});
