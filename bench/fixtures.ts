import type pg from "pg";
import { JOBS_TABLE } from "@/lib/jobs/jobs-schema";
import { jobTypes, type JobTypeDefinition } from "@/lib/jobs";

// What the operations need from the dataset, looked up once per run (not
// timed): who the staff are, whose todo lists to read, which pending jobs to
// request again, where the deep queue page starts, which week is the cohort.

export interface Fixtures {
  staffIds: string[];
  /** People with at least one pending job of their own, in a fixed pseudo-random order. */
  todoUsers: string[];
  /** Pending jobs that will not expire during the run: requesting them again must return them. */
  duplicates: { jobType: string; targetType: string; targetId: string }[];
  queue: {
    jobType: string;
    /** Pending (unexpired) jobs in it. */
    length: number;
    /** The deep page starts after this many rows (10,000, or less when the queue is shorter). */
    deepOffset: number;
    deepAfter: { createdAt: Date; id: string } | null;
  };
  /** A one-week sign-up cohort three weeks back: old enough to have moved through the funnel. */
  week: { from: Date; to: Date };
}

export const DEEP_PAGE_OFFSET = 10_000;
export const QUEUE_JOB_TYPE = "staff.review-document";
const DAY = 86_400_000;

export async function loadFixtures(db: pg.ClientBase | pg.Pool, queuePageSize: number): Promise<Fixtures> {
  const staff = await db.query<{ id: string }>(`SELECT id FROM users WHERE role = 'staff' ORDER BY id`);
  const todo = await db.query<{ id: string }>(
    // md5 order: a fixed sample spread over sign-up dates (uuid v7 ids sort by time).
    `SELECT id FROM (
       SELECT DISTINCT assigned_to_id AS id FROM ${JOBS_TABLE}
       WHERE status = 'pending' AND assigned_to_id IS NOT NULL AND job_type LIKE 'onboarding.%' AND expires_at > now()
     ) people ORDER BY md5(id::text) LIMIT 20000`,
  );
  const duplicates = await db.query<{ jobType: string; targetType: string; targetId: string }>(
    `SELECT job_type AS "jobType", target_type AS "targetType", target_id AS "targetId" FROM ${JOBS_TABLE}
     WHERE status = 'pending' AND (expires_at IS NULL OR expires_at > now() + interval '2 days') AND job_type <> ALL($1::text[])
     ORDER BY md5(id::text) LIMIT 5000`,
    // A retired type's pending jobs cannot be requested again.
    [(jobTypes.all as readonly JobTypeDefinition[]).filter((d) => d.retired).map((d) => d.key)],
  );
  const length = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM ${JOBS_TABLE} WHERE job_type = $1 AND status = 'pending' AND (expires_at IS NULL OR expires_at > now())`,
    [QUEUE_JOB_TYPE],
  );
  const queueLength = length.rows[0]?.n ?? 0;
  const deepOffset = Math.max(0, Math.min(DEEP_PAGE_OFFSET, queueLength - queuePageSize - 1));
  const deep = deepOffset
    ? await db.query<{ createdAt: Date; id: string }>(
        `SELECT created_at AS "createdAt", id FROM ${JOBS_TABLE} WHERE job_type = $1 AND status = 'pending' AND (expires_at IS NULL OR expires_at > now())
         ORDER BY created_at, id OFFSET $2 LIMIT 1`,
        [QUEUE_JOB_TYPE, deepOffset - 1],
      )
    : null;
  const now = Date.now();
  const to = new Date(Math.floor((now - 14 * DAY) / DAY) * DAY);
  if (staff.rows.length === 0) throw new Error("The bench dataset has no staff users");
  if (todo.rows.length === 0) throw new Error("The bench dataset has nobody with a pending job");
  if (duplicates.rows.length === 0) throw new Error("The bench dataset has no pending jobs to request again");
  return {
    staffIds: staff.rows.map((r) => r.id),
    todoUsers: todo.rows.map((r) => r.id),
    duplicates: duplicates.rows,
    queue: { jobType: QUEUE_JOB_TYPE, length: queueLength, deepOffset, deepAfter: deep?.rows[0] ?? null },
    week: { from: new Date(to.getTime() - 7 * DAY), to },
  };
}
