import type pg from "pg";
import { JOBS_TABLE, JOB_ESCALATIONS_TABLE, JOB_EVENTS_TABLE } from "@/lib/jobs/jobs-schema";

// The baseline: each operation written as plain SQL through `pg`, with the
// same semantics as the engine path it is compared with (the same rows
// written, the same event in the same statement, the same answer) and nothing
// else: no validation, no ORM, no signal plumbing. It is the floor the engine
// is measured against. Kept deliberately independent of lib/ (no shared SQL
// helpers), so a change to the engine cannot quietly change the floor too.

export type Queryable = Pick<pg.Pool, "query">;

export interface TargetRef {
  jobType: string;
  targetType: string;
  targetId: string;
}

/** The job columns under the engine's camelCase names, so results compare one to one. */
export const JOB_COLUMNS = `id, job_type AS "jobType", status, target_type AS "targetType", target_id AS "targetId",
  assigned_to_id AS "assignedToId", priority, due_at AS "dueAt", created_at AS "createdAt", updated_at AS "updatedAt",
  completed_at AS "completedAt", expires_at AS "expiresAt", metadata, completed_by_id AS "completedById",
  completion_source AS "completionSource", resolution_note AS "resolutionNote", snoozed_until AS "snoozedUntil", occurrences,
  last_occurred_at AS "lastOccurredAt", first_action_at AS "firstActionAt"`;

export interface BaselineJob {
  id: string;
  jobType: string;
  status: string;
  expiresAt: Date | null;
  [column: string]: unknown;
}

export interface RequestInput extends TargetRef {
  id: string;
  expiresAfterHours: number | null;
  dueAfterHours: number | null;
  metadata: Record<string, unknown>;
  sender: string;
}

/**
 * Idempotent request: INSERT … ON CONFLICT DO NOTHING on the partial unique
 * index, writing the "requested" event in the same statement; on conflict,
 * the pending job is returned (expired first if its time has passed, then
 * retried), exactly as jobRequested does.
 */
export async function requestJob(db: Queryable, input: RequestInput): Promise<{ job: BaselineJob; created: boolean }> {
  for (let attempt = 1; attempt <= 5; attempt++) {
    const inserted = await db.query<BaselineJob>(
      `WITH inserted AS (
         INSERT INTO ${JOBS_TABLE} (id, job_type, target_type, target_id, priority, due_at, expires_at, metadata, created_at, updated_at)
         VALUES ($1, $2, $3, $4, 'normal', now() + $5 * interval '1 hour', now() + $6 * interval '1 hour', $7, now(), now())
         ON CONFLICT (job_type, target_type, target_id) WHERE status = 'pending' DO NOTHING
         RETURNING *
       ), event AS (
         INSERT INTO ${JOB_EVENTS_TABLE} (job_id, kind, source, data) SELECT id, 'requested', 'system', $8 FROM inserted
       )
       SELECT ${JOB_COLUMNS} FROM inserted`,
      [
        input.id,
        input.jobType,
        input.targetType,
        input.targetId,
        input.dueAfterHours,
        input.expiresAfterHours,
        input.metadata,
        { sender: input.sender },
      ],
    );
    if (inserted.rows[0]) return { job: inserted.rows[0], created: true };
    const existing = await db.query<BaselineJob>(
      `SELECT ${JOB_COLUMNS} FROM ${JOBS_TABLE} WHERE job_type = $1 AND target_type = $2 AND target_id = $3 AND status = 'pending'`,
      [input.jobType, input.targetType, input.targetId],
    );
    const job = existing.rows[0];
    if (!job) continue;
    if (job.expiresAt && job.expiresAt.getTime() <= Date.now()) {
      await expireOne(db, job.id);
      continue;
    }
    return { job, created: false };
  }
  throw new Error(`baseline request: ${input.jobType} for ${input.targetId} kept changing`);
}

async function expireOne(db: Queryable, id: string): Promise<void> {
  await db.query(
    `WITH changed AS (
       UPDATE ${JOBS_TABLE} SET status = 'expired', updated_at = now() WHERE id = $1 AND status = 'pending' AND expires_at <= now() RETURNING id, expires_at
     )
     INSERT INTO ${JOB_EVENTS_TABLE} (job_id, kind, source, data) SELECT id, 'expired', 'system', jsonb_build_object('expiresAt', expires_at) FROM changed`,
    [id],
  );
}

export interface CompleteInput extends TargetRef {
  by: string;
  source: "user" | "staff";
  note: string | null;
}

/** Conditional completion with its event in one statement; a miss reports what the job is instead. */
export async function completeJob(db: Queryable, input: CompleteInput): Promise<{ job: BaselineJob | null; changed: boolean }> {
  const eventData = input.note ? { note: input.note } : {};
  const { rows } = await db.query<BaselineJob>(
    `WITH changed AS (
       UPDATE ${JOBS_TABLE} SET status = 'completed', completed_at = now(), updated_at = now(), completed_by_id = $4,
              completion_source = $5, resolution_note = $6, metadata = metadata || '{}'::jsonb
       WHERE job_type = $1 AND target_type = $2 AND target_id = $3
         AND status = 'pending' AND (expires_at IS NULL OR expires_at > now())
       RETURNING *
     ), event AS (
       INSERT INTO ${JOB_EVENTS_TABLE} (job_id, kind, actor_id, source, data) SELECT id, 'completed', $4, $5, $7 FROM changed
     )
     SELECT ${JOB_COLUMNS} FROM changed`,
    [input.jobType, input.targetType, input.targetId, input.by, input.source, input.note, eventData],
  );
  if (rows[0]) return { job: rows[0], changed: true };
  const latest = await db.query<BaselineJob>(
    `SELECT ${JOB_COLUMNS} FROM ${JOBS_TABLE} WHERE job_type = $1 AND target_type = $2 AND target_id = $3
     ORDER BY (status = 'pending') DESC, created_at DESC LIMIT 1`,
    [input.jobType, input.targetType, input.targetId],
  );
  const job = latest.rows[0] ?? null;
  if (job && job.status !== "completed") throw new Error(`baseline complete: the job is ${job.status}`);
  return { job, changed: false };
}

// ---------------------------------------------------------------------------
// Staff queue page: keyset on (created_at, id) along jobs_queue_idx.

export interface QueuePageInput {
  jobType: string;
  after: { createdAt: Date; id: string } | null;
  limit: number;
  /** The registry's SLA status of a pending row (lib/jobs/escalate-jobs.ts slaStatus). */
  slaStatus: (
    job: { jobType: string; createdAt: Date; firstActionAt: Date | null; escalatedRules: readonly string[] },
    now: Date,
  ) => unknown;
}

interface QueueSqlRow {
  id: string;
  targetType: string;
  targetId: string;
  status: string;
  priority: string;
  createdAt: Date;
  dueAt: Date | null;
  completedAt: Date | null;
  expiresAt: Date | null;
  resolutionNote: string | null;
  snoozedUntil: Date | null;
  occurrences: number;
  lastOccurredAt: Date | null;
  assigneeId: string | null;
  assigneeName: string | null;
  assigneeEmail: string | null;
  firstActionAt: Date | null;
  escalatedRules: string[];
}

export async function queuePage(db: Queryable, input: QueuePageInput) {
  const params: unknown[] = [input.jobType, input.limit + 1];
  let keyset = "";
  if (input.after) {
    params.push(input.after.createdAt, input.after.id);
    keyset = "AND (j.created_at, j.id) > ($3::timestamptz, $4::uuid)";
  }
  const { rows } = await db.query<QueueSqlRow>(
    `SELECT j.id, j.target_type AS "targetType", j.target_id AS "targetId", j.status, j.priority,
            j.created_at AS "createdAt", j.due_at AS "dueAt", j.completed_at AS "completedAt", j.expires_at AS "expiresAt",
            j.resolution_note AS "resolutionNote",
            CASE WHEN j.snoozed_until > now() THEN j.snoozed_until END AS "snoozedUntil", j.occurrences, j.last_occurred_at AS "lastOccurredAt",
            u.id AS "assigneeId", u.name AS "assigneeName", u.email AS "assigneeEmail",
            j.first_action_at AS "firstActionAt",
            ARRAY(SELECT e.rule::text FROM ${JOB_ESCALATIONS_TABLE} e WHERE e.job_id = j.id) AS "escalatedRules"
     FROM ${JOBS_TABLE} j
     LEFT JOIN users u ON u.id = j.assigned_to_id::uuid
     WHERE j.job_type = $1 AND j.status = 'pending' AND (j.expires_at IS NULL OR j.expires_at > now())
       AND (j.snoozed_until IS NULL OR j.snoozed_until <= now())
       ${keyset}
     ORDER BY j.created_at, j.id
     LIMIT $2`,
    params,
  );
  const now = new Date();
  const page = rows.slice(0, input.limit).map(({ assigneeId, assigneeName, assigneeEmail, firstActionAt, escalatedRules, ...row }) => {
    const status = row.status === "pending" && row.expiresAt !== null && row.expiresAt <= now ? "expired" : row.status;
    return {
      ...row,
      status,
      // The SLA's deadlines are the registry's configuration and date maths, not SQL: the baseline computes them the same way.
      sla:
        status === "pending"
          ? input.slaStatus({ jobType: input.jobType, createdAt: row.createdAt, firstActionAt, escalatedRules }, now)
          : null,
      assignee: assigneeId ? { id: assigneeId, name: assigneeName, email: assigneeEmail ?? "" } : null,
    };
  });
  const last = page.at(-1);
  return {
    rows: page,
    nextCursor:
      rows.length > input.limit && last ? Buffer.from(JSON.stringify([last.createdAt.toISOString(), last.id])).toString("base64url") : null,
  };
}

// ---------------------------------------------------------------------------
// Onboarding funnel: one aggregate over the cohort's onboarding jobs, and the cohort's size.

export interface FunnelStepDef {
  key: string;
  title: string;
  step: number;
  /** A dismissible step: never the base of the next step's conversion. */
  optional: boolean;
  /** Days a pending job counts as in progress; after that, stalled. */
  windowDays: number;
}

const BUCKETS = [
  { key: "lt1d", from: null, to: "1 day" },
  { key: "d1to3", from: "1 day", to: "3 days" },
  { key: "d3to7", from: "3 days", to: "7 days" },
  { key: "gt7d", from: "7 days", to: null },
] as const;

export async function onboardingFunnel(db: Queryable, steps: FunnelStepDef[], cohort: { from?: Date; to?: Date }) {
  const params: unknown[] = [steps.map((s) => s.key)];
  let cohortSql = "";
  if (cohort.from) {
    params.push(cohort.from);
    cohortSql += ` AND u.created_at >= $${params.length}::timestamptz`;
  }
  if (cohort.to) {
    params.push(cohort.to);
    cohortSql += ` AND u.created_at < $${params.length}::timestamptz`;
  }
  const pending = "j.status = 'pending' AND (j.expires_at IS NULL OR j.expires_at > now())";
  const bucketSql = BUCKETS.map(
    (b) =>
      `count(*) FILTER (WHERE ${pending}${b.from ? ` AND j.created_at <= now() - '${b.from}'::interval` : ""}${b.to ? ` AND j.created_at > now() - '${b.to}'::interval` : ""})::int AS "${b.key}"`,
  ).join(",\n       ");
  // Each step's window by job type (the keys are the registry's, written as parameters).
  const windows = steps.map((s) => {
    params.push(s.key, s.windowDays);
    return `WHEN $${params.length - 1}::text THEN $${params.length}::int * interval '1 day'`;
  });
  const { rows } = await db.query<
    {
      jobType: string;
      total: number;
      completed: number;
      expired: number;
      dismissed: number;
      inProgress: number;
      medianSeconds: number | null;
      p90Seconds: number | null;
    } & Record<string, number>
  >(
    `SELECT j.job_type AS "jobType", count(*)::int AS total,
       ${bucketSql},
       count(*) FILTER (WHERE ${pending} AND j.created_at > now() - CASE j.job_type ${windows.join(" ")} END)::int AS "inProgress",
       count(*) FILTER (WHERE j.status = 'completed')::int AS completed,
       count(*) FILTER (WHERE j.status = 'expired' OR (j.status = 'pending' AND j.expires_at <= now()))::int AS expired,
       count(*) FILTER (WHERE j.status = 'cancelled')::int AS dismissed,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM j.completed_at - j.created_at))
         FILTER (WHERE j.status = 'completed') AS "medianSeconds",
       percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM j.completed_at - j.created_at))
         FILTER (WHERE j.status = 'completed') AS "p90Seconds"
     FROM ${JOBS_TABLE} j
     ${cohortSql ? "JOIN users u ON j.target_id = u.id::text" : ""}
     WHERE j.target_type = 'user' AND j.job_type = ANY($1)${cohortSql}
     GROUP BY j.job_type`,
    params,
  );
  const sizeParams = params.slice(1, 1 + Number(Boolean(cohort.from)) + Number(Boolean(cohort.to)));
  const sizeSql = cohortSql.replace(/\$(\d+)/g, (_, n: string) => `$${Number(n) - 1}`);
  const size = await db.query<{ cohortSize: number }>(
    `SELECT count(*)::int AS "cohortSize" FROM users u WHERE u.role = 'user'${sizeSql}`,
    sizeParams,
  );

  const byType = new Map(rows.map((r) => [r.jobType, r]));
  const seconds = (v: number | null | undefined) => (v === null || v === undefined ? null : Number(v));
  // Conversion: this step's completion rate over the previous required step's (optional steps skipped).
  let previous: { completed: number; total: number } | undefined;
  return {
    unit: "person",
    cohortSize: size.rows[0]?.cohortSize ?? 0,
    steps: steps.map((def) => {
      const row = byType.get(def.key);
      const total = row?.total ?? 0;
      const completed = row?.completed ?? 0;
      const pending = Object.fromEntries(BUCKETS.map((b) => [b.key, row?.[b.key] ?? 0]));
      const inProgress = row?.inProgress ?? 0;
      const conversion = !previous
        ? total > 0
          ? completed / total
          : null
        : total === 0 || previous.completed === 0
          ? null
          : (completed * previous.total) / (total * previous.completed);
      if (!def.optional) previous = { completed, total };
      return {
        jobType: def.key,
        title: def.title,
        step: def.step,
        optional: def.optional,
        windowDays: def.windowDays,
        total,
        pending,
        inProgress,
        stalled: Object.values(pending).reduce((a, b) => a + b, 0) - inProgress,
        completed,
        expired: row?.expired ?? 0,
        dismissed: row?.dismissed ?? 0,
        completionRate: total > 0 ? completed / total : null,
        conversion,
        medianSecondsToComplete: seconds(row?.medianSeconds),
        p90SecondsToComplete: seconds(row?.p90Seconds),
      };
    }),
  };
}

// ---------------------------------------------------------------------------
// Expiry sweep: batches claimed with FOR UPDATE SKIP LOCKED, each batch one
// statement that marks its jobs expired and writes their events.

export async function expireDueJobs(
  db: Queryable,
  options: { batchSize: number; asOf: Date },
): Promise<{ expired: number; batches: number }> {
  const result = { expired: 0, batches: 0 };
  for (;;) {
    const { rows } = await db.query<{ n: number }>(
      `WITH due AS (
         SELECT id FROM ${JOBS_TABLE} WHERE status = 'pending' AND expires_at <= $1 ORDER BY expires_at LIMIT $2 FOR UPDATE SKIP LOCKED
       ), changed AS (
         UPDATE ${JOBS_TABLE} j SET status = 'expired', updated_at = now() FROM due WHERE j.id = due.id RETURNING j.id, j.expires_at
       ), event AS (
         INSERT INTO ${JOB_EVENTS_TABLE} (job_id, kind, source, data) SELECT id, 'expired', 'system', jsonb_build_object('expiresAt', expires_at) FROM changed
       )
       SELECT count(*)::int AS n FROM changed`,
      [options.asOf, options.batchSize],
    );
    const n = rows[0]?.n ?? 0;
    if (n === 0) break;
    result.expired += n;
    result.batches += 1;
    if (n < options.batchSize) break;
  }
  return result;
}

// ---------------------------------------------------------------------------
// A person's todo list: pending jobs (steps first, then due date), onboarding
// progress by the latest job of each step, recent finishes. Three reads along
// the assignee index, sent at once. The registry (titles, links, who may tick
// what off) is configuration, not SQL, so the baseline reads it too.

export interface TodoTypes {
  userTypes: string[];
  /** Staff job types whose notes may be visible to the person (registry notesVisibleToSubject, document targets). */
  noteTypes: string[];
  steps: FunnelStepDef[];
  get(key: string): { title: string; description: string; href?: string; completion: string; dismissible?: boolean } | undefined;
}

const effective = (status: string, expiresAt: Date | null, now: number) =>
  status === "pending" && expiresAt !== null && expiresAt.getTime() <= now ? "expired" : status;

export async function todoList(db: Queryable, types: TodoTypes, userId: string) {
  const stepValues = types.steps.map((s, i) => `($${3 + i * 2}::text, $${4 + i * 2}::int)`).join(", ");
  const stepParams = types.steps.flatMap((s) => [s.key, s.step]);
  const [pending, snoozed, latest, finished] = await Promise.all([
    db.query<{
      id: string;
      jobType: string;
      targetId: string;
      createdAt: Date;
      dueAt: Date | null;
      expiresAt: Date | null;
      metadata: Record<string, unknown>;
      step: number | null;
    }>(
      `WITH steps (job_type, step) AS (VALUES ${stepValues})
       SELECT j.id, j.job_type AS "jobType", j.target_id AS "targetId", j.created_at AS "createdAt",
              j.due_at AS "dueAt", j.expires_at AS "expiresAt", j.metadata, s.step
       FROM ${JOBS_TABLE} j LEFT JOIN steps s ON s.job_type = j.job_type
       WHERE j.assigned_to_id = $1 AND j.job_type = ANY($2)
         AND j.status = 'pending' AND (j.expires_at IS NULL OR j.expires_at > now())
         AND (j.snoozed_until IS NULL OR j.snoozed_until <= now())
       ORDER BY s.step ASC NULLS LAST, COALESCE(j.due_at, j.expires_at) ASC NULLS LAST, j.created_at ASC, j.id ASC
       LIMIT 100`,
      [userId, types.userTypes, ...stepParams],
    ),
    db.query<{ id: string; jobType: string; snoozedUntil: Date; expiresAt: Date | null }>(
      `SELECT id, job_type AS "jobType", snoozed_until AS "snoozedUntil", expires_at AS "expiresAt"
       FROM ${JOBS_TABLE}
       WHERE assigned_to_id = $1 AND job_type = ANY($2)
         AND status = 'pending' AND (expires_at IS NULL OR expires_at > now()) AND snoozed_until > now()
       ORDER BY snoozed_until, id
       LIMIT 100`,
      [userId, types.userTypes],
    ),
    db.query<{ jobType: string; status: string; expiresAt: Date | null }>(
      `SELECT DISTINCT ON (job_type) job_type AS "jobType", status, expires_at AS "expiresAt"
       FROM ${JOBS_TABLE} WHERE assigned_to_id = $1 AND job_type = ANY($2)
       ORDER BY job_type, created_at DESC, id DESC`,
      [userId, types.steps.map((s) => s.key)],
    ),
    db.query<{
      id: string;
      jobType: string;
      status: string;
      completedAt: Date | null;
      completedById: string | null;
      completionSource: string | null;
      resolutionNote: string | null;
    }>(
      `SELECT id, job_type AS "jobType", status, completed_at AS "completedAt", completed_by_id AS "completedById",
              completion_source AS "completionSource", resolution_note AS "resolutionNote"
       FROM ${JOBS_TABLE}
       WHERE assigned_to_id = $1 AND job_type = ANY($2) AND status IN ('completed', 'cancelled')
         AND completed_at > now() - interval '30 days'
       ORDER BY completed_at DESC, id DESC
       LIMIT 10`,
      [userId, types.userTypes],
    ),
  ]);
  // Notes staff made visible to the person, on the item that names their document (lib/notes/visible-notes.ts).
  const notes = new Map<string, { id: string; body: string; createdAt: Date; editedAt: Date | null }[]>();
  if (pending.rows.length > 0 && types.noteTypes.length > 0) {
    const { rows } = await db.query<{ todoId: string; id: string; body: string; createdAt: Date; editedAt: Date | null }>(
      `SELECT t.id::text AS "todoId", n.id::text AS id, n.body, n.created_at AS "createdAt", n.edited_at AS "editedAt"
       FROM ${JOBS_TABLE} t
       JOIN documents d
         ON d.id = CASE WHEN t.metadata->>'documentId' ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
                        THEN (t.metadata->>'documentId')::uuid END
        AND d.owner_id = $2::text::uuid
       JOIN ${JOBS_TABLE} s ON s.target_type = 'document' AND s.target_id = d.id::text AND s.job_type = ANY($3)
       JOIN job_notes n ON n.job_id = s.id AND n.visible_to_subject AND n.deleted_at IS NULL
       WHERE t.id = ANY($1::uuid[]) AND t.assigned_to_id = $2::text
       ORDER BY n.created_at, n.id
       LIMIT 100`,
      [pending.rows.map((r) => r.id), userId, types.noteTypes],
    );
    for (const { todoId, ...note } of rows) notes.set(todoId, [...(notes.get(todoId) ?? []), note]);
  }
  const now = Date.now();
  const byType = new Map(latest.rows.map((r) => [r.jobType, r]));
  const steps = types.steps.map((s) => {
    const row = byType.get(s.key);
    const status = row ? effective(row.status, row.expiresAt, now) : "not-requested";
    return { step: s.step, jobType: s.key, title: s.title, state: status === "completed" || status === "cancelled" ? "done" : status };
  });
  return {
    pending: pending.rows.flatMap((row) => {
      const def = types.get(row.jobType);
      if (!def) return [];
      return [
        {
          id: row.id,
          jobType: row.jobType,
          title: def.title,
          description: def.description,
          reason: typeof row.metadata.reason === "string" ? row.metadata.reason : null,
          href: def.href ? def.href.replaceAll("{targetId}", encodeURIComponent(row.targetId)) : null,
          onboardingStep: row.step,
          createdAt: row.createdAt,
          dueAt: row.dueAt,
          expiresAt: row.expiresAt,
          canComplete: def.completion === "manual",
          canDismiss: def.dismissible === true,
          staffNotes: notes.get(row.id) ?? [],
        },
      ];
    }),
    snoozed: snoozed.rows.flatMap((row) => {
      const def = types.get(row.jobType);
      if (!def) return [];
      return [{ id: row.id, title: def.title, snoozedUntil: row.snoozedUntil, expiresAt: row.expiresAt }];
    }),
    progress: latest.rows.length === 0 ? null : { done: steps.filter((s) => s.state === "done").length, total: steps.length, steps },
    recent: finished.rows.flatMap((row) => {
      const def = types.get(row.jobType);
      if (!def || !row.completedAt) return [];
      const finishedBy =
        row.completionSource === "auto"
          ? "auto"
          : row.completionSource === "staff"
            ? "staff"
            : row.completionSource === "user"
              ? row.completedById === userId
                ? "you"
                : "someone-else"
              : "system";
      return [
        {
          id: row.id,
          jobType: row.jobType,
          title: def.title,
          outcome: row.status === "completed" ? "completed" : finishedBy === "you" ? "dismissed" : "cancelled",
          finishedBy,
          finishedAt: row.completedAt,
          reason: row.status === "cancelled" ? row.resolutionNote : null,
        },
      ];
    }),
  };
}
