import type pg from "pg";
import { jobEventsTable, jobsTable, JOBS_SCHEMA, jobTypes } from "@/lib/jobs";
import { Prisma } from "@/lib/db/client";

// The onboarding funnel's finished history, rolled up (the worker runs this
// every minute). A finished job never changes again and its one terminal
// event (completed, cancelled, expired) is written in the statement that
// finished it, so the funnel is exact as
//   the summary up to the watermark + terminal events past it (read live) + pending jobs (read live).
//
// The watermark is an event id. Ids come from a sequence when a row is
// inserted, not when its transaction commits, so a transaction still open
// may hold an id below the largest one committed. Hence two phases: each
// roll-up reads the sequence's last value, then takes its own transaction id
// (pg_current_xact_id(), assigned at that moment, above every xid assigned
// before it) and keeps both as the candidate; a later roll-up makes the
// candidate the watermark once the oldest transaction still running is newer
// than that xid. A terminal event is inserted after its job row in the same
// statement, so its transaction has its xid before it takes the event id:
// every event at or below the candidate belongs to an older transaction.
// (Not the snapshot's xmax: that is the latest completed xid + 1, and a
// running transaction may have a larger xid than that, seen in the test.)
// No clock, no grace period: a roll-up racing completions skips nothing and
// counts nothing twice.

export const DURATION_BUCKET_BASE = 1.1;

export interface RollUpResult {
  /** Events rolled up by this call (0 when the candidate was not safe yet, or another worker held the row). */
  rolledUp: number;
  watermark: string;
}

const terminal = Prisma.sql`('completed', 'cancelled', 'expired')`;

/** Runs one roll-up on a client of its own (BEGIN … COMMIT); safe from many workers at once (row lock). */
export async function rollUpOnboardingFunnel(pool: pg.Pool): Promise<RollUpResult> {
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    // The sequence first, with no xid of ours yet; then our xid, which is newer than any transaction that took those ids.
    const seq = await client.query<{ last: string }>(
      // The engine's BIGSERIAL sequence; not transactional: it counts ids handed to open transactions too.
      `SELECT CASE WHEN is_called THEN last_value ELSE 0 END::text AS last FROM ${JOBS_SCHEMA}.job_events_id_seq`,
    );
    const mine = await client.query<{ xid: string }>(`SELECT pg_current_xact_id()::text AS xid`);
    await client.query(`INSERT INTO onboarding_funnel_watermark (id, last_event_id) VALUES (1, 0) ON CONFLICT DO NOTHING`);
    // SKIP LOCKED: a second worker's roll-up has nothing to do while the first runs.
    const { rows } = await client.query<{ last: string; candidate: string | null; xmax: string | null }>(
      `SELECT last_event_id::text AS last, candidate_event_id::text AS candidate, candidate_xmax::text AS xmax
       FROM onboarding_funnel_watermark WHERE id = 1 FOR UPDATE SKIP LOCKED`,
    );
    const row = rows[0];
    if (!row) {
      await client.query("ROLLBACK");
      return { rolledUp: 0, watermark: "0" };
    }
    let watermark = row.last;
    let rolledUp = 0;
    let candidate = row.candidate;
    if (candidate !== null && row.xmax !== null) {
      const safe = await client.query<{ safe: boolean }>(
        `SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint > $1::bigint AS safe`,
        [row.xmax],
      );
      if (safe.rows[0]?.safe) {
        rolledUp = await rollUp(client, watermark, candidate);
        watermark = candidate;
        candidate = null;
      }
    }
    if (candidate === null) {
      const next = seq.rows[0]?.last ?? "0";
      if (BigInt(next) > BigInt(watermark)) {
        candidate = next;
        await client.query(`UPDATE onboarding_funnel_watermark SET candidate_event_id = $1, candidate_xmax = $2 WHERE id = 1`, [
          next,
          mine.rows[0]!.xid,
        ]);
      }
    }
    if (candidate === null)
      await client.query(`UPDATE onboarding_funnel_watermark SET candidate_event_id = NULL, candidate_xmax = NULL WHERE id = 1`);
    await client.query(`UPDATE onboarding_funnel_watermark SET last_event_id = $1, rolled_up_at = now() WHERE id = 1`, [watermark]);
    await client.query("COMMIT");
    return { rolledUp, watermark };
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

/**
 * Adds the terminal events in (lo, hi] of onboarding jobs to the summary; returns how many.
 * Both units: a person's steps by the day they signed up, an organisation's by the day it
 * was made (signup_day); their job types differ, so the two never share a row.
 */
async function rollUp(client: pg.PoolClient, lo: string, hi: string): Promise<number> {
  const people = jobTypes.onboardingSteps().map((s) => s.key);
  const organisations = jobTypes.organisationSteps().map((s) => s.key);
  const sql = Prisma.sql`
    WITH ended AS (
      SELECT coalesce((coalesce(u.created_at, o.created_at) AT TIME ZONE 'UTC')::date, '-infinity'::date) AS signup_day, j.job_type, e.kind,
             floor(ln(greatest(extract(epoch FROM j.completed_at - j.created_at), 1)) / ln(${DURATION_BUCKET_BASE}))::smallint AS bucket
      FROM ${jobEventsTable} e
      JOIN ${jobsTable} j ON j.id = e.job_id
      LEFT JOIN users u ON j.target_type = 'user' AND u.id::text = j.target_id
      LEFT JOIN organisations o ON j.target_type = 'organisation' AND o.id::text = j.target_id
      WHERE e.id > ${lo}::bigint AND e.id <= ${hi}::bigint AND e.kind IN ${terminal}
        AND ((j.target_type = 'user' AND j.job_type = ANY(${people}::text[]))
          OR (j.target_type = 'organisation' AND j.job_type = ANY(${organisations}::text[])))
    ), days AS (
      INSERT INTO onboarding_funnel_days AS d (signup_day, job_type, completed, expired, dismissed)
      SELECT signup_day, job_type, count(*) FILTER (WHERE kind = 'completed'), count(*) FILTER (WHERE kind = 'expired'), count(*) FILTER (WHERE kind = 'cancelled')
      FROM ended GROUP BY 1, 2
      ON CONFLICT (signup_day, job_type) DO UPDATE
        SET completed = d.completed + EXCLUDED.completed, expired = d.expired + EXCLUDED.expired, dismissed = d.dismissed + EXCLUDED.dismissed
    ), durations AS (
      INSERT INTO onboarding_funnel_durations AS h (signup_day, job_type, bucket, n)
      SELECT signup_day, job_type, bucket, count(*) FROM ended WHERE kind = 'completed' GROUP BY 1, 2, 3
      ON CONFLICT (signup_day, job_type, bucket) DO UPDATE SET n = h.n + EXCLUDED.n
    )
    SELECT count(*)::int AS n FROM ended`;
  const { rows } = await client.query<{ n: number }>(sql.text, sql.values);
  return rows[0]?.n ?? 0;
}
