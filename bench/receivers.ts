import PgBoss from "pg-boss";
import type pg from "pg";
import { v7 as uuidv7 } from "uuid";
import { jobCompleted, jobRequested, jobTypeKey, jobTypes } from "@/lib/jobs";
import type { NotificationRule } from "@/lib/jobs/registry";
import { startJobs } from "@/lib/jobs/start-jobs";
import { JOBS_TABLE, JOB_EVENTS_TABLE } from "@/lib/jobs/jobs-schema";
import { ensureNotificationQueues, NOTIFICATION_QUEUES } from "@/lib/notifications/notification-queues";
import { ruleKey } from "@/lib/notifications/rule-key";
import { JOB_CHANGES_CHANNEL } from "@/lib/live/job-change";
import { ensureWebhookQueue, WEBHOOK_QUEUE } from "@/lib/webhooks/webhook-queue";
import * as baseline from "./baseline";
import { BENCH_METADATA_KEY } from "./dataset";
import type { Operation } from "./measure";
import type { BenchContext, ReceiverSetup } from "./context";
import type { CapturedStatement } from "./plans";
import type { PrismaClient } from "@/lib/db/client";

// Request and complete as the app runs them: the notification, invite and
// webhook receivers connected (startJobs), pg-boss installed with its queues,
// one enabled webhook endpoint subscribed to the job events. The baseline
// writes the same rows with pg in one transaction: the job and its event, the
// notifications the type's rules send, a pg-boss job per email, the webhook
// event, its delivery and its pg-boss job; on completion the notifications
// resolved and actioned, and a notification.actioned event per actioned one.
// The endpoint is never called: no worker runs against the bench database.

const ENDPOINT_EVENTS = ["job.requested", "job.completed", "notification.actioned"];
const BENCH_ENDPOINT_URL = "https://bench.invalid/webhook";

export type { ReceiverSetup } from "./context";

/** pg-boss's tables and the app's queues in the database at `connectionString` (idempotent). */
export async function installQueues(connectionString: string | undefined): Promise<void> {
  const boss = new PgBoss({ connectionString, schedule: false, supervise: false, max: 2 });
  boss.on("error", () => undefined);
  await boss.start();
  try {
    await ensureNotificationQueues(boss);
    await ensureWebhookQueue(boss);
  } finally {
    await boss.stop({ graceful: false, wait: true });
  }
}

/** pg-boss's tables and the app's queues, and the bench's endpoint (idempotent; not timed). */
export async function setUpReceivers(ctx: BenchContext): Promise<ReceiverSetup> {
  await installQueues(ctx.admin.options.connectionString);
  const { rows } = await ctx.admin.query<{ id: string }>(`SELECT id FROM webhook_endpoints WHERE url = $1`, [BENCH_ENDPOINT_URL]);
  if (rows[0]) return { endpointId: rows[0].id };
  const id = uuidv7();
  await ctx.admin.query(
    `INSERT INTO webhook_endpoints (id, url, description, event_types, secret) VALUES ($1, $2, 'bench (never called)', $3, 'whsec_YmVuY2g=')`,
    [id, BENCH_ENDPOINT_URL, ENDPOINT_EVENTS],
  );
  return { endpointId: id };
}

/** The rows the receivers wrote for the bench's jobs: webhook outbox and pg-boss jobs (notifications go with their jobs). */
export async function deleteReceiverRows(ctx: BenchContext, setup: ReceiverSetup): Promise<void> {
  await ctx.admin.query(
    `DELETE FROM pgboss.job WHERE name = $1 AND (data->>'notificationId')::uuid IN (
       SELECT n.id FROM notifications n JOIN ${JOBS_TABLE} j ON j.id = n.job_id WHERE j.metadata ? $3)
     OR name = $2 AND (data->>'deliveryId')::uuid IN (SELECT id FROM webhook_deliveries WHERE endpoint_id = $4)`,
    [NOTIFICATION_QUEUES.deliver, WEBHOOK_QUEUE, BENCH_METADATA_KEY, setup.endpointId],
  );
  await ctx.admin.query(`DELETE FROM webhook_events WHERE id IN (SELECT event_id FROM webhook_deliveries WHERE endpoint_id = $1)`, [
    setup.endpointId,
  ]);
}

// ---------------------------------------------------------------------------
// The baseline: the same rows, plain SQL, one transaction on one connection.

type Client = Pick<pg.PoolClient, "query">;

const requestedRules = (jobType: string) =>
  (jobTypes.get(jobType)?.notifications ?? []).filter((r: NotificationRule) => r.on === "requested");

type Connectable = { connect(): Promise<Client & { release(destroy?: boolean): void }> };

async function inTransaction<T>(pool: Connectable, fn: (client: Client) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    const result = await fn(client);
    await client.query("COMMIT");
    client.release();
    return result;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    client.release(true);
    throw error;
  }
}

async function queueJobs(client: Client, queue: string, data: Record<string, string>[]): Promise<void> {
  if (data.length === 0) return;
  await client.query(
    `INSERT INTO pgboss.job (id, name, data, expire_in, keep_until, retry_limit, retry_delay, retry_backoff, policy, dead_letter)
     SELECT gen_random_uuid(), q.name, d.data, COALESCE(q.expire_seconds * interval '1s', interval '15 minutes'),
            now() + COALESCE(q.retention_minutes * interval '1 minute', interval '14 days'),
            q.retry_limit, CASE WHEN q.retry_backoff THEN GREATEST(q.retry_delay, 1) ELSE q.retry_delay END, q.retry_backoff, q.policy, q.dead_letter
     FROM pgboss.queue q CROSS JOIN unnest($2::jsonb[]) AS d(data) WHERE q.name = $1`,
    [queue, data.map((d) => JSON.stringify(d))],
  );
}

/** Events of one type, their deliveries to every subscribed endpoint and their pg-boss jobs: three statements however many. */
async function webhookEvents(client: Client, type: string, payloads: unknown[]): Promise<void> {
  if (payloads.length === 0) return;
  const { rows } = await client.query<{ id: string }>(`SELECT id FROM webhook_endpoints WHERE enabled AND $1 = ANY(event_types)`, [type]);
  if (rows.length === 0) return;
  const events = payloads.map(() => uuidv7());
  const deliveries = events.flatMap((eventId) => rows.map((endpoint) => ({ id: uuidv7(), eventId, endpointId: endpoint.id })));
  await client.query(
    `WITH events AS (INSERT INTO webhook_events (id, type, payload) SELECT e.id, $1, e.payload FROM unnest($2::uuid[], $3::jsonb[]) AS e(id, payload))
     INSERT INTO webhook_deliveries (id, event_id, endpoint_id) SELECT * FROM unnest($4::uuid[], $5::uuid[], $6::uuid[])`,
    [
      type,
      events,
      payloads.map((p) => JSON.stringify(p)),
      deliveries.map((d) => d.id),
      deliveries.map((d) => d.eventId),
      deliveries.map((d) => d.endpointId),
    ],
  );
  await queueJobs(
    client,
    WEBHOOK_QUEUE,
    deliveries.map((d) => ({ deliveryId: d.id })),
  );
}

const webhookEvent = (client: Client, type: string, payload: unknown) => webhookEvents(client, type, [payload]);

/** The live-update announcement (lib/live/connect-live-receivers.ts): one pg_notify, delivered on commit. */
async function announce(client: Client, job: baseline.BaselineJob, kind: string, actorId: string | null): Promise<void> {
  await client.query(
    `SELECT pg_notify($1, json_build_object(
       'e', (SELECT max(id) FROM ${JOB_EVENTS_TABLE} WHERE job_id = $2::uuid)::text,
       'j', $2::text, 't', $3::text, 's', $4::text, 'k', $5::text, 'a', $6::text, 'p', NULL::text, 'b', $7::text, 'n', NULL::text)::text)`,
    [JOB_CHANGES_CHANNEL, job.id, job.jobType, job.status, kind, job.assignedToId ?? null, actorId],
  );
}

const iso = (d: unknown) => (d instanceof Date ? d.toISOString() : null);
function apiJob(job: baseline.BaselineJob) {
  return {
    id: job.id,
    type: job.jobType,
    status: job.status,
    target: { type: job.targetType, id: job.targetId },
    assignee: job.assignedToId ?? null,
    priority: job.priority,
    metadata: job.metadata ?? {},
    createdAt: iso(job.createdAt),
    updatedAt: iso(job.updatedAt),
    dueAt: iso(job.dueAt),
    expiresAt: iso(job.expiresAt),
    completedAt: iso(job.completedAt),
    completionSource: job.completionSource ?? null,
    resolutionNote: job.resolutionNote ?? null,
  };
}

/** The notifications of one rule for one job (recipients as the app resolves them), and their pg-boss jobs. */
async function notify(client: Client, jobId: string, rule: NotificationRule): Promise<void> {
  const parts = rule.to.map((to) =>
    to === "assignee"
      ? `SELECT u.id, u.email_reminders FROM job j JOIN users u ON u.id = COALESCE(j.assigned_to_id::uuid,
           CASE WHEN j.target_type = 'user' AND j.target_id ~ '^[0-9a-fA-F-]{36}$' THEN j.target_id::uuid END)`
      : `SELECT u.id, u.email_reminders FROM users u WHERE u.role::text = ANY('{${to === "role:admin" ? "admin" : `${to.slice(5)},admin`}}'::text[])`,
  );
  const { rows } = await client.query<{ id: string; channel: string }>(
    `WITH job AS (SELECT assigned_to_id, target_type, target_id FROM ${JOBS_TABLE} WHERE id = $1),
          recipients AS (SELECT DISTINCT id, email_reminders FROM (${parts.join(" UNION ALL ")}) r)
     INSERT INTO notifications (id, job_id, recipient_id, channel, template_key, rule, status, sent_at, created_at)
     SELECT gen_random_uuid(), $1, r.id, c.channel, $2, $3,
            (CASE WHEN c.channel = 'in_app' THEN 'sent' ELSE 'queued' END)::notification_status, CASE WHEN c.channel = 'in_app' THEN now() END, now()
     FROM recipients r CROSS JOIN unnest($4::notification_channel[]) AS c(channel)
     ON CONFLICT (job_id, recipient_id, channel, rule) DO NOTHING
     RETURNING id, channel::text AS channel`,
    [jobId, rule.template, ruleKey(rule), rule.channels],
  );
  await queueJobs(
    client,
    NOTIFICATION_QUEUES.deliver,
    rows.filter((r) => r.channel === "email").map((r) => ({ notificationId: r.id })),
  );
}

export async function requestWithReceivers(
  pool: Connectable,
  input: baseline.RequestInput,
): Promise<{ job: baseline.BaselineJob; created: boolean }> {
  return inTransaction(pool, async (client) => {
    const result = await baseline.requestJob(client, input);
    if (!result.created) return result;
    for (const rule of requestedRules(input.jobType)) await notify(client, result.job.id, rule);
    await webhookEvent(client, "job.requested", {
      job: apiJob(result.job),
      actor: { id: null, source: "system" },
      change: { sender: input.sender },
    });
    await announce(client, result.job, "requested", null);
    return result;
  });
}

export async function completeWithReceivers(
  pool: Connectable,
  input: baseline.CompleteInput,
): Promise<{ job: baseline.BaselineJob | null; changed: boolean }> {
  return inTransaction(pool, async (client) => {
    const result = await baseline.completeJob(client, input);
    if (!result.changed || !result.job) return result;
    const job = apiJob(result.job);
    const { rows: actioned } = await client.query<{
      id: string;
      channel: string;
      recipientId: string;
      sentAt: Date | null;
      actionedAt: Date;
    }>(
      `UPDATE notifications SET
         status = CASE WHEN status = 'queued' THEN 'cancelled'::notification_status ELSE status END,
         resolved_at = CASE WHEN channel = 'in_app' AND resolved_at IS NULL THEN now() ELSE resolved_at END,
         actioned_at = CASE WHEN status = 'sent' AND actioned_at IS NULL THEN now() ELSE actioned_at END
       WHERE job_id = $1 AND (status = 'queued' OR (channel = 'in_app' AND resolved_at IS NULL) OR (status = 'sent' AND actioned_at IS NULL))
       RETURNING id, channel::text AS channel, recipient_id AS "recipientId", sent_at AS "sentAt", actioned_at AS "actionedAt"`,
      [result.job.id],
    );
    await webhookEvent(client, "job.completed", {
      job,
      actor: { id: input.by, source: input.source },
      change: input.note ? { note: input.note } : {},
    });
    await webhookEvents(
      client,
      "notification.actioned",
      actioned
        .filter((a) => a.actionedAt)
        .map((n) => ({
          notification: { id: n.id, channel: n.channel, recipientId: n.recipientId, sentAt: iso(n.sentAt), actionedAt: iso(n.actionedAt) },
          job,
        })),
    );
    await announce(client, result.job, "completed", input.by);
    return result;
  });
}

// ---------------------------------------------------------------------------
// What both sides wrote, for the parity check: the same rows, ids and times aside.

export async function rowsWritten(ctx: BenchContext, jobId: string) {
  const [events, notifications, queued, outbox] = await Promise.all([
    ctx.admin.query(`SELECT kind, source, actor_id, data FROM ${JOB_EVENTS_TABLE} WHERE job_id = $1 ORDER BY id`, [jobId]),
    ctx.admin.query(
      `SELECT recipient_id, channel::text, template_key, rule, status::text, sent_at IS NOT NULL AS sent, resolved_at IS NOT NULL AS resolved, actioned_at IS NOT NULL AS actioned
       FROM notifications WHERE job_id = $1 ORDER BY recipient_id, channel`,
      [jobId],
    ),
    ctx.admin.query(
      `SELECT q.name, q.retry_limit, q.retry_delay, q.retry_backoff, q.expire_in::text, q.policy
       FROM pgboss.job q WHERE q.name = $2 AND (q.data->>'notificationId')::uuid IN (SELECT id FROM notifications WHERE job_id = $1)
          OR q.name = $3 AND (q.data->>'deliveryId')::uuid IN (
               SELECT d.id FROM webhook_deliveries d JOIN webhook_events e ON e.id = d.event_id WHERE e.payload->'job'->>'id' = $1::text)
       ORDER BY q.name`,
      [jobId, NOTIFICATION_QUEUES.deliver, WEBHOOK_QUEUE],
    ),
    ctx.admin.query(
      `SELECT e.type, e.payload - 'job' - 'notification' AS rest, count(d.id)::int AS deliveries
       FROM webhook_events e LEFT JOIN webhook_deliveries d ON d.event_id = e.id WHERE e.payload->'job'->>'id' = $1::text GROUP BY e.id ORDER BY e.type`,
      [jobId],
    ),
  ]);
  return { events: events.rows, notifications: notifications.rows, queued: queued.rows, outbox: outbox.rows };
}

// ---------------------------------------------------------------------------
// The operations.

/** Pending review jobs and people's guides (not timed), with the in-app notifications their requests sent, as the app would have them. */
export async function makeNotifiedJobs(ctx: BenchContext, n: number, seed: number) {
  let s = seed;
  const rand = () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
  const ops = Array.from({ length: n }, (_, i) => {
    const staffWork = rand() < 0.7;
    return staffWork
      ? {
          jobType: "staff.review-document",
          targetType: "document",
          targetId: uuidv7(),
          by: ctx.fixtures.staffIds[i % ctx.fixtures.staffIds.length]!,
          source: "staff" as const,
          note: "Approved",
        }
      : {
          jobType: "onboarding.read-guide",
          targetType: "user",
          targetId: uuidv7(),
          by: ctx.fixtures.todoUsers[i % ctx.fixtures.todoUsers.length]!,
          source: "user" as const,
          note: null,
        };
  });
  const ids = ops.map(() => uuidv7());
  await ctx.admin.query(
    `INSERT INTO ${JOBS_TABLE} (id, job_type, target_type, target_id, assigned_to_id, due_at, expires_at, metadata, created_at, updated_at)
     SELECT id, job_type, target_type, target_id, assigned_to_id,
            CASE WHEN job_type LIKE 'staff.%' THEN now() + interval '1 day' END,
            CASE WHEN job_type LIKE 'onboarding.%' THEN now() + interval '29 days' END,
            jsonb_build_object($6::text, $7::text), now() - interval '1 day', now() - interval '1 day'
     FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[]) AS t(id, job_type, target_type, target_id, assigned_to_id)`,
    [
      ids,
      ops.map((o) => o.jobType),
      ops.map((o) => o.targetType),
      ops.map((o) => o.targetId),
      ops.map((o) => (o.source === "user" ? o.by : null)),
      BENCH_METADATA_KEY,
      ctx.runId,
    ],
  );
  // The requested rule of both types: in-app, sent; to the assignee, or to staff and admins.
  await ctx.admin.query(
    `INSERT INTO notifications (id, job_id, recipient_id, channel, template_key, rule, status, sent_at, created_at)
     SELECT gen_random_uuid(), j.id, u.id, 'in_app', 'job-requested', 'requested', 'sent', now() - interval '1 day', now() - interval '1 day'
     FROM ${JOBS_TABLE} j JOIN users u ON (j.assigned_to_id IS NOT NULL AND u.id = j.assigned_to_id::uuid) OR (j.assigned_to_id IS NULL AND u.role IN ('staff', 'admin'))
     WHERE j.id = ANY($1::uuid[])`,
    [ids],
  );
  ctx.made.push(...ids);
  return ops;
}

export function requestWithReceiversOperation(
  ctx: BenchContext,
  setup: () => Promise<ReceiverSetup>,
  base: Operation<RequestOp>,
): Operation<RequestOp> {
  let disconnect: (() => void) | null = null;
  let ready: ReceiverSetup | null = null;
  return {
    ...base,
    key: "request-receivers",
    title: "request a job, receivers connected",
    describe: `${base.describe}; notification, invite and webhook receivers connected (startJobs), one webhook endpoint; baseline: the same rows with pg in one transaction`,
    async prepare(side, round) {
      ready ??= await setup();
      disconnect ??= startJobs();
      return base.prepare(side, round);
    },
    async engine(op) {
      const { job, created } = await jobRequested(ctx.prisma, {
        target: { type: op.targetType, id: op.targetId },
        jobType: jobTypeKey(op.jobType),
        idempotent: true,
        sender: "bench",
        metadata: { [BENCH_METADATA_KEY]: ctx.runId },
      });
      if (created) ctx.made.push(job.id);
      return { units: 1, outcome: created ? "created" : "existing" };
    },
    async baseline(op) {
      const { job, created } = await requestWithReceivers(ctx.pool, {
        ...op,
        metadata: { [BENCH_METADATA_KEY]: ctx.runId },
        sender: "bench",
      });
      if (created) ctx.made.push(job.id);
      return { units: 1, outcome: created ? "created" : "existing" };
    },
    async cleanup() {
      disconnect?.();
      disconnect = null;
      if (ready) await deleteReceiverRows(ctx, ready);
    },
  };
}

type RequestOp = Omit<baseline.RequestInput, "metadata" | "sender">;
type CompleteOp = Awaited<ReturnType<typeof makeNotifiedJobs>>[number];

export function completeWithReceiversOperation(ctx: BenchContext, setup: () => Promise<ReceiverSetup>, n: number): Operation<CompleteOp> {
  let disconnect: (() => void) | null = null;
  let ready: ReceiverSetup | null = null;
  return {
    key: "complete-receivers",
    title: "complete a job, receivers connected",
    unit: "op",
    concurrency: 16,
    target: 0.8,
    describe: `${n} completions per side per round at 16 callers (70% staff reviews, 30% guides), each job with the in-app notifications its request sent; receivers connected; baseline: the same rows with pg in one transaction`,
    async prepare(side, round) {
      ready ??= await setup();
      disconnect ??= startJobs();
      return makeNotifiedJobs(ctx, n, 3000 + round * 2 + (side === "engine" ? 0 : 1));
    },
    async engine(op) {
      const { changed } = await jobCompleted(ctx.prisma, {
        target: { type: op.targetType, id: op.targetId },
        jobType: jobTypeKey(op.jobType),
        by: op.by,
        source: op.source,
        note: op.note,
      });
      return { units: 1, outcome: changed ? "completed" : "unchanged" };
    },
    async baseline(op) {
      const { changed } = await completeWithReceivers(ctx.pool, op);
      return { units: 1, outcome: changed ? "completed" : "unchanged" };
    },
    async cleanup() {
      disconnect?.();
      disconnect = null;
      if (ready) await deleteReceiverRows(ctx, ready);
    },
  };
}

// ---------------------------------------------------------------------------
// Parity: one request (a type with an email and an in-app rule) and one
// completion (a review: staff notified in-app) on each side, and every row
// each wrote compared.

/** A pool whose clients record what they send (the plan check's baseline side). */
function recordingPool(pool: pg.Pool, seen: CapturedStatement[]): Connectable {
  return {
    async connect() {
      const client = await pool.connect();
      return {
        query: ((text: string, values?: unknown[]) => {
          seen.push({ sql: text, params: values ?? [] });
          return client.query(text, values);
        }) as Client["query"],
        release: (destroy?: boolean) => client.release(destroy),
      };
    },
  };
}

interface Recorder {
  prisma: PrismaClient;
  take(): CapturedStatement[];
}

export async function receiverParity(
  ctx: BenchContext,
  rec: Recorder,
): Promise<{
  parity: { operation: string; engine: unknown; baseline: unknown; compared: string }[];
  captured: { operation: string; side: "engine" | "baseline"; statements: CapturedStatement[] }[];
}> {
  await (ctx.receivers ??= setUpReceivers(ctx));
  const disconnect = startJobs();
  const captured: { operation: string; side: "engine" | "baseline"; statements: CapturedStatement[] }[] = [];
  let seen: CapturedStatement[] = [];
  const base = recordingPool(ctx.pool, seen);
  const take = (operation: string) => {
    captured.push({ operation, side: "engine", statements: rec.take() }, { operation, side: "baseline", statements: seen.splice(0) });
  };
  try {
    rec.take();
    const person = () => ({
      id: uuidv7(),
      jobType: "documents.upload-replacement",
      targetType: "user",
      targetId: ctx.fixtures.todoUsers[0]!,
      expiresAfterHours: null,
      dueAfterHours: null,
    });
    const metadata = { [BENCH_METADATA_KEY]: ctx.runId };
    // One pending job per target and type: the engine's first, then the baseline's after it is gone.
    // The engine side through the recording client: the same statements, sent through Prisma so they are seen.
    const e = await jobRequested(rec.prisma, {
      target: { type: "user", id: person().targetId },
      jobType: "documents.upload-replacement",
      idempotent: true,
      sender: "bench",
      metadata,
    });
    ctx.made.push(e.job.id);
    const eRows = await rowsWritten(ctx, e.job.id);
    await ctx.admin.query(`DELETE FROM ${JOBS_TABLE} WHERE id = $1`, [e.job.id]);
    const b = await requestWithReceivers(base, { ...person(), metadata, sender: "bench" });
    ctx.made.push(b.job.id);
    take("request-receivers");
    const bRows = await rowsWritten(ctx, b.job.id);
    await ctx.admin.query(`DELETE FROM ${JOBS_TABLE} WHERE id = $1`, [b.job.id]);

    const [ce, cb] = await makeNotifiedJobs(ctx, 2, 7);
    if (cb!.jobType !== ce!.jobType) throw new Error("bench parity: the two jobs to complete must be of one type (seed 7)");
    const pair = [ce!, { ...cb!, by: ce!.by, source: ce!.source, note: ce!.note }];
    rec.take();
    seen = [];
    const done = await jobCompleted(rec.prisma, {
      target: { type: pair[0]!.targetType, id: pair[0]!.targetId },
      jobType: jobTypeKey(pair[0]!.jobType),
      by: pair[0]!.by,
      source: pair[0]!.source,
      note: pair[0]!.note,
    });
    const based = await completeWithReceivers(recordingPool(ctx.pool, seen), pair[1]!);
    take("complete-receivers");
    const [ceRows, cbRows] = [await rowsWritten(ctx, done.job!.id), await rowsWritten(ctx, based.job!.id)];
    return {
      parity: [
        {
          operation: "request-receivers (rows)",
          engine: eRows,
          baseline: bRows,
          compared: "the job's event, notifications, pg-boss jobs and webhook outbox of one request each",
        },
        {
          operation: "complete-receivers (rows)",
          engine: ceRows,
          baseline: cbRows,
          compared: "the same for one completion each (notifications resolved and actioned, notification.actioned events)",
        },
      ],
      captured,
    };
  } finally {
    disconnect();
    if (ctx.receivers) await deleteReceiverRows(ctx, await ctx.receivers);
  }
}
