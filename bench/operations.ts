import { v7 as uuidv7 } from "uuid";
import { VISIBLE_NOTE_TYPES } from "@/lib/notes/visible-notes";
import { slaStatus } from "@/lib/jobs/escalate-jobs";
import { prng } from "@/lib/demo/population";
import { expireDueJobs, jobCompleted, jobRequested, type JobTypeDefinition, jobTypeKey, jobTypes } from "@/lib/jobs";
import { onboardingFunnel } from "@/lib/server/queries/onboarding-funnel";
import { encodeCursor } from "@/lib/db/keyset-cursor";
import { listQueue, QUEUE_PAGE_SIZE, queueFiltersSchema } from "@/lib/server/queries/staff-queue";
import { getTodoList } from "@/lib/server/queries/todo-list";
import * as baseline from "./baseline";
import type { BenchContext, ReceiverSetup } from "./context";
import { completeWithReceiversOperation, requestWithReceiversOperation, setUpReceivers } from "./receivers";
import { BENCH_METADATA_KEY } from "./dataset";
import { type Measurable, measurable, type Operation, type SideName } from "./measure";
import { JOB_EVENTS_TABLE, JOBS_TABLE } from "@/lib/jobs/jobs-schema";
import { rollUpOnboardingFunnel } from "@/lib/insights/roll-up-onboarding-funnel";

// The operations of issue 5, each as an engine path (the product's own code:
// lib/jobs and lib/server/queries through Prisma) and a baseline path (the
// same thing in plain SQL through pg, bench/baseline.ts).

export type { BenchContext } from "./context";

export const OPERATION_KEYS = [
  "roundtrip",
  "request",
  "complete",
  "request-receivers",
  "complete-receivers",
  "todo",
  "queue-first",
  "queue-deep",
  "funnel-all",
  "funnel-week",
  "sweep",
] as const;
export type OperationKey = (typeof OPERATION_KEYS)[number];

const count = (ctx: BenchContext, full: number, min = 4) => Math.max(min, Math.round(full * ctx.opsScale));
// Retired types take no new requests (lib/jobs refuses them).
const ALL_TYPES = (jobTypes.all as readonly JobTypeDefinition[])
  .filter((d) => !d.retired)
  .map((d) => ({
    key: d.key,
    targetType: d.targetType,
    expiresAfterHours: d.expiresAfterHours ?? null,
    dueAfterHours: d.dueAfterHours ?? null,
  }));
const STEPS = jobTypes
  .onboardingSteps()
  .map((s) => ({ key: s.key, title: s.title, step: s.onboardingStep, optional: s.dismissible === true, windowDays: s.windowDays ?? 7 }));
/** The sweep's due jobs expired long before anything in the dataset, so `asOf` picks exactly them. */
const SWEEP_AS_OF = new Date("2001-01-01T00:00:00Z");

// ---------------------------------------------------------------------------

interface RequestOp {
  id: string;
  jobType: string;
  targetType: string;
  targetId: string;
  expiresAfterHours: number | null;
  dueAfterHours: number | null;
}

/** 60% new targets across every registered type, 40% requests for a job already pending. */
export function requestOperation(ctx: BenchContext): Operation<RequestOp> {
  const n = count(ctx, 2000);
  return {
    key: "request",
    title: "request a job (idempotent)",
    unit: "op",
    concurrency: 16,
    target: 0.8,
    describe: `${n} idempotent requests per side per round at 16 callers: 60% new targets (every job type), 40% again for a job already pending`,
    async prepare(side, round) {
      const rand = prng(1000 + round * 2 + (side === "engine" ? 0 : 1));
      return Array.from({ length: n }, () => {
        if (rand() < 0.6) {
          const type = ALL_TYPES[Math.floor(rand() * ALL_TYPES.length)]!;
          return {
            id: uuidv7(),
            jobType: type.key,
            targetType: type.targetType,
            targetId: uuidv7(),
            expiresAfterHours: type.expiresAfterHours,
            dueAfterHours: type.dueAfterHours,
          };
        }
        const dup = ctx.fixtures.duplicates[Math.floor(rand() * ctx.fixtures.duplicates.length)]!;
        const type = jobTypes.require(dup.jobType);
        return { id: uuidv7(), ...dup, expiresAfterHours: type.expiresAfterHours ?? null, dueAfterHours: type.dueAfterHours ?? null };
      });
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
      const { job, created } = await baseline.requestJob(ctx.pool, {
        ...op,
        metadata: { [BENCH_METADATA_KEY]: ctx.runId },
        sender: "bench",
      });
      if (created) ctx.made.push(job.id);
      return { units: 1, outcome: created ? "created" : "existing" };
    },
  };
}

// ---------------------------------------------------------------------------

interface CompleteOp {
  jobType: string;
  targetType: string;
  targetId: string;
  by: string;
  source: "user" | "staff";
  note: string | null;
}

/** Pending jobs made for one side's round (not timed): 70% document reviews staff resolve, 30% guides people tick off. */
async function makeJobsToComplete(ctx: BenchContext, n: number, seed: number): Promise<CompleteOp[]> {
  const rand = prng(seed);
  const ops: CompleteOp[] = Array.from({ length: n }, (_, i) => {
    const staffWork = rand() < 0.7;
    return staffWork
      ? {
          jobType: "staff.review-document",
          targetType: "document",
          targetId: uuidv7(),
          by: ctx.fixtures.staffIds[i % ctx.fixtures.staffIds.length]!,
          source: "staff",
          note: "Approved",
        }
      : {
          jobType: "onboarding.read-guide",
          targetType: "user",
          targetId: uuidv7(),
          by: ctx.fixtures.todoUsers[i % ctx.fixtures.todoUsers.length]!,
          source: "user",
          note: null,
        };
  });
  const { rows } = await ctx.admin.query<{ id: string }>(
    `INSERT INTO ${JOBS_TABLE} (id, job_type, target_type, target_id, assigned_to_id, due_at, expires_at, metadata, created_at, updated_at)
     SELECT id, job_type, target_type, target_id, assigned_to_id,
            CASE WHEN job_type LIKE 'staff.%' THEN now() + interval '1 day' END,
            CASE WHEN job_type LIKE 'onboarding.%' THEN now() + interval '29 days' END,
            jsonb_build_object($6::text, $7::text), now() - interval '1 day', now() - interval '1 day'
     FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[]) AS t(id, job_type, target_type, target_id, assigned_to_id)
     RETURNING id`,
    [
      ops.map(() => uuidv7()),
      ops.map((o) => o.jobType),
      ops.map((o) => o.targetType),
      ops.map((o) => o.targetId),
      ops.map((o) => (o.source === "user" ? o.by : null)),
      BENCH_METADATA_KEY,
      ctx.runId,
    ],
  );
  for (const r of rows) ctx.made.push(r.id);
  return ops;
}

export function completeOperation(ctx: BenchContext): Operation<CompleteOp> {
  const n = count(ctx, 2000);
  return {
    key: "complete",
    title: "complete a job",
    unit: "op",
    concurrency: 16,
    target: 0.8,
    describe: `${n} completions per side per round at 16 callers, each of its own pending job (70% staff reviews, 30% a person's guide)`,
    prepare: (side, round) => makeJobsToComplete(ctx, n, 2000 + round * 2 + (side === "engine" ? 0 : 1)),
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
      const { changed } = await baseline.completeJob(ctx.pool, op);
      return { units: 1, outcome: changed ? "completed" : "unchanged" };
    },
  };
}

// ---------------------------------------------------------------------------

export const TODO_TYPES: baseline.TodoTypes = {
  userTypes: jobTypes.byAudience("user").map((d) => d.key),
  noteTypes: [...VISIBLE_NOTE_TYPES],
  steps: STEPS,
  get: (key) => jobTypes.get(key),
};

/** The todo page's read model for people who have something pending: their list, progress and recent finishes. */
export function todoOperation(ctx: BenchContext): Operation<string> {
  const n = count(ctx, 2000);
  return {
    key: "todo",
    title: "a person's todo list",
    unit: "op",
    concurrency: 16,
    target: 0.8,
    describe: `${n} todo lists per side per round at 16 callers, each a different person with pending jobs (pending list, onboarding progress, recent finishes: 3 reads)`,
    async prepare(side, round) {
      // Different people each round and side, so neither side reads pages the other just warmed.
      const users = ctx.fixtures.todoUsers;
      const offset = ((round * 2 + (side === "engine" ? 0 : 1)) * n) % users.length;
      return Array.from({ length: n }, (_, i) => users[(offset + i) % users.length]!);
    },
    async engine(userId) {
      const list = await getTodoList(ctx.prisma, userId);
      return { units: 1, outcome: list.pending.length ? "has pending" : "none pending" };
    },
    async baseline(userId) {
      const list = await baseline.todoList(ctx.pool, TODO_TYPES, userId);
      return { units: 1, outcome: list.pending.length ? "has pending" : "none pending" };
    },
  };
}

// ---------------------------------------------------------------------------

interface QueueOp {
  me: string;
}

export function queueOperation(ctx: BenchContext, deep: boolean): Operation<QueueOp> {
  const n = count(ctx, 2000);
  const { queue } = ctx.fixtures;
  const cursor = deep && queue.deepAfter ? encodeCursor(queue.deepAfter) : undefined;
  const filters = queueFiltersSchema.parse(cursor ? { cursor } : {});
  const where = deep ? `the page after ${queue.deepOffset.toLocaleString("en-US")} rows` : "the first page";
  return {
    key: deep ? "queue-deep" : "queue-first",
    title: deep ? "staff queue page (deep)" : "staff queue page (first)",
    unit: "op",
    concurrency: 16,
    target: 0.8,
    describe: `${n} reads per side per round at 16 callers of ${where} (${QUEUE_PAGE_SIZE} rows, keyset) of the ${queue.jobType} queue (${queue.length.toLocaleString("en-US")} pending)`,
    async prepare() {
      return Array.from({ length: n }, (_, i) => ({ me: ctx.fixtures.staffIds[i % ctx.fixtures.staffIds.length]! }));
    },
    async engine(op) {
      const page = await listQueue(ctx.prisma, queue.jobType, filters, op.me);
      return { units: 1, outcome: `${page.rows.length} rows` };
    },
    async baseline() {
      const page = await baseline.queuePage(ctx.pool, {
        jobType: queue.jobType,
        after: deep ? queue.deepAfter : null,
        limit: QUEUE_PAGE_SIZE,
        slaStatus,
      });
      return { units: 1, outcome: `${page.rows.length} rows` };
    },
  };
}

// ---------------------------------------------------------------------------

/**
 * A funnel over every user takes a second, a cohort's ~100 ms on two parallel
 * workers: long enough for the neighbours' load to change under it. Short
 * rounds (one call per side over everyone, eight for the cohort) and three
 * times as many, so each ratio compares calls made moments apart.
 */
export function funnelOperation(ctx: BenchContext, week: boolean, defaultRounds: number): Operation<null> {
  const n = week ? count(ctx, 8, 2) : 1;
  const cohort = week ? ctx.fixtures.week : {};
  return {
    rounds: defaultRounds * 3,
    key: week ? "funnel-week" : "funnel-all",
    title: week ? "onboarding funnel (one-week cohort)" : "onboarding funnel (all users)",
    unit: "op",
    concurrency: 1,
    target: 0.95,
    describe: week
      ? `${n} funnels per side per round, one at a time, for people who signed up ${ctx.fixtures.week.from.toISOString().slice(0, 10)} to ${ctx.fixtures.week.to.toISOString().slice(0, 10)}`
      : `${n} funnels per side per round, one at a time, over every user`,
    async prepare() {
      return Array.from({ length: n }, () => null);
    },
    async engine() {
      await onboardingFunnel(ctx.prisma, cohort);
      return { units: 1 };
    },
    async baseline() {
      await baseline.onboardingFunnel(ctx.pool, STEPS, cohort);
      return { units: 1 };
    },
  };
}

// ---------------------------------------------------------------------------

/** Writes `n` pending jobs that expired in 2000 (not timed) for one side's sweep. */
async function makeDueJobs(ctx: BenchContext, n: number): Promise<void> {
  const onboarding = STEPS.map((s) => s.key);
  for (let start = 0; start < n; start += 50_000) {
    const size = Math.min(50_000, n - start);
    const ids = Array.from({ length: size }, () => uuidv7());
    await ctx.admin.query(
      `INSERT INTO ${JOBS_TABLE} (id, job_type, target_type, target_id, expires_at, metadata, created_at, updated_at)
       SELECT t.id, ($2::text[])[1 + (t.n % array_length($2::text[], 1))], 'user', t.id::text,
              timestamptz '2000-01-01' + (($4::int + t.n) * interval '1 second'),
              jsonb_build_object($3::text, $5::text), timestamptz '1999-12-01', timestamptz '1999-12-01'
       FROM unnest($1::uuid[]) WITH ORDINALITY AS t(id, n)`,
      [ids, onboarding, BENCH_METADATA_KEY, start, ctx.runId],
    );
    ctx.made.push(...ids);
  }
}

export function sweepOperation(ctx: BenchContext): Operation<null> {
  const n = ctx.sweepJobs;
  return {
    key: "sweep",
    title: "expiry sweep",
    unit: "job",
    concurrency: 1,
    target: 0.95,
    describe: `each side sweeps its own fresh set of ${n.toLocaleString("en-US")} due jobs per round (batches of 500, FOR UPDATE SKIP LOCKED); latency is per sweep`,
    async prepare(_side: SideName) {
      await makeDueJobs(ctx, n);
      return [null];
    },
    async engine() {
      const { expired } = await expireDueJobs(ctx.prisma, { asOf: SWEEP_AS_OF });
      if (expired !== n) throw new Error(`engine sweep expired ${expired} jobs, expected ${n}`);
      return { units: expired };
    },
    async baseline() {
      const { expired } = await baseline.expireDueJobs(ctx.pool, { batchSize: 500, asOf: SWEEP_AS_OF });
      if (expired !== n) throw new Error(`baseline sweep expired ${expired} jobs, expected ${n}`);
      return { units: expired };
    },
  };
}

/**
 * Not an operation of the issue: the cheapest possible statement through
 * Prisma's $queryRaw and through pg, to separate Prisma's fixed cost per
 * statement from anything the engine does.
 */
export function roundtripOperation(ctx: BenchContext): Operation<null> {
  const n = count(ctx, 4000);
  return {
    key: "roundtrip",
    title: "SELECT 1 (diagnostic: Prisma vs pg)",
    unit: "op",
    concurrency: 16,
    target: null,
    describe: `${n} \`SELECT 1\` per side per round at 16 callers: Prisma's $queryRaw through @prisma/adapter-pg against pg's pool.query`,
    async prepare() {
      return Array.from({ length: n }, () => null);
    },
    async engine() {
      await ctx.prisma.$queryRaw`SELECT 1 AS one`;
      return { units: 1 };
    },
    async baseline() {
      await ctx.pool.query("SELECT 1 AS one");
      return { units: 1 };
    },
  };
}

/**
 * Rolls the onboarding funnel's summary up to the last event, as the worker
 * does every minute (two roll-ups: a candidate, then the watermark once every
 * older transaction has ended; transaction ids are cluster-wide, so another
 * database's long transaction can hold it back: tried for up to a minute).
 */
export async function rollUpFunnel(ctx: BenchContext, log: (line: string) => void = () => undefined): Promise<void> {
  const deadline = Date.now() + 60_000;
  const started = Date.now();
  let rolled = 0;
  for (;;) {
    rolled += (await rollUpOnboardingFunnel(ctx.admin)).rolledUp;
    const { rows } = await ctx.admin.query<{ behind: boolean }>(
      `SELECT w.last_event_id < coalesce((SELECT max(id) FROM ${JOB_EVENTS_TABLE}), 0) AS behind FROM onboarding_funnel_watermark w`,
    );
    if (!rows[0]?.behind || Date.now() > deadline) break;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  log(`funnel summary rolled up: ${rolled} terminal events in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

/** pg-boss and the bench's webhook endpoint, set up once per run, when an operation with receivers first needs them. */
function receiverSetup(ctx: BenchContext): () => Promise<ReceiverSetup> {
  return () => (ctx.receivers ??= setUpReceivers(ctx));
}

/** In the order they run: reads first, then the writes that grow the tables, the sweep (100,000s of rows) last. */
export function buildOperations(ctx: BenchContext, rounds: number): Measurable[] {
  return [
    measurable(roundtripOperation(ctx)),
    measurable(todoOperation(ctx)),
    measurable(queueOperation(ctx, false)),
    measurable(queueOperation(ctx, true)),
    measurable(funnelOperation(ctx, false, rounds)),
    measurable(funnelOperation(ctx, true, rounds)),
    measurable(requestOperation(ctx)),
    measurable(completeOperation(ctx)),
    measurable(requestWithReceiversOperation(ctx, receiverSetup(ctx), requestOperation(ctx))),
    measurable(completeWithReceiversOperation(ctx, receiverSetup(ctx), count(ctx, 2000))),
    measurable(sweepOperation(ctx)),
  ];
}
