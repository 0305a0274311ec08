import type pg from "pg";
import { slaStatus } from "@/lib/jobs/escalate-jobs";
import { v7 as uuidv7 } from "uuid";
import { expireDueJobs, jobCompleted, jobRequested, jobTypeKey, jobTypes } from "@/lib/jobs";
import { encodeCursor } from "@/lib/db/keyset-cursor";
import { onboardingFunnel } from "@/lib/server/queries/onboarding-funnel";
import { listQueue, QUEUE_PAGE_SIZE, queueFiltersSchema } from "@/lib/server/queries/staff-queue";
import { getTodoList } from "@/lib/server/queries/todo-list";
import * as baseline from "./baseline";
import { receiverParity } from "./receivers";
import { rollUpFunnel } from "./operations";
import { BENCH_METADATA_KEY } from "./dataset";
import type { BenchContext } from "./operations";
import { TODO_TYPES } from "./operations";
import { type CapturedStatement, createRecordingPrisma, recordingQueryable, type SortRule } from "./plans";
import { JOBS_TABLE, JOB_EVENTS_TABLE } from "@/lib/jobs/jobs-schema";

// One call of each operation on each side, before any timing: the statements
// they send (for the plan check) and whether the two sides answer the same
// (parity: the baseline must be the same operation, or the ratio means
// nothing). Fields that differ by nature (a new job's id, a timestamp taken
// a moment later) are left out of the comparison.

export interface Parity {
  operation: string;
  same: boolean;
  /** The first difference, when there is one. */
  difference: string | null;
  compared: string;
}

export interface Captured {
  operation: string;
  side: "engine" | "baseline";
  sortRule: SortRule;
  statements: CapturedStatement[];
}

const STEPS = jobTypes
  .onboardingSteps()
  .map((s) => ({ key: s.key, title: s.title, step: s.onboardingStep, optional: s.dismissible === true, windowDays: s.windowDays ?? 7 }));
const SWEEP_NOTHING_DUE = new Date("2000-01-01T00:00:00Z");

/** Dates as ISO strings and `omit` keys dropped at any depth, so two answers compare as JSON. */
export function normalize(value: unknown, omit: ReadonlySet<string> = new Set()): unknown {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map((v) => normalize(v, omit));
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([k]) => !omit.has(k))
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([k, v]) => [k, normalize(v, omit)]),
    );
  }
  return value;
}

export function firstDifference(a: unknown, b: unknown, path = "$"): string | null {
  if (JSON.stringify(a) === JSON.stringify(b)) return null;
  if (a && b && typeof a === "object" && typeof b === "object") {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const k of keys) {
      const d = firstDifference((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${path}.${k}`);
      if (d) return d;
    }
  }
  return `${path}: engine ${JSON.stringify(a)?.slice(0, 120)} ≠ baseline ${JSON.stringify(b)?.slice(0, 120)}`;
}

function parity(operation: string, engine: unknown, base: unknown, omit: string[], compared: string): Parity {
  const difference = firstDifference(normalize(engine, new Set(omit)), normalize(base, new Set(omit)));
  return { operation, same: difference === null, difference, compared };
}

export async function captureAndCompare(
  ctx: BenchContext,
  url: string,
  only: (key: string) => boolean,
): Promise<{ captured: Captured[]; parity: Parity[] }> {
  const rec = createRecordingPrisma(url);
  const base = recordingQueryable(ctx.pool);
  const captured: Captured[] = [];
  const results: Parity[] = [];
  const take = (operation: string, sortRule: SortRule) => {
    captured.push({ operation, side: "engine", sortRule, statements: rec.take() });
    captured.push({ operation, side: "baseline", sortRule, statements: base.take() });
  };
  const { fixtures } = ctx;
  try {
    if (only("roundtrip")) {
      const e = await rec.prisma.$queryRaw<{ one: number }[]>`SELECT 1 AS one`;
      const b = await base.db.query<{ one: number }>("SELECT 1 AS one");
      take("roundtrip", "any");
      results.push(parity("roundtrip", e, b.rows, [], "SELECT 1"));
    }
    if (only("todo")) {
      const user = fixtures.todoUsers[0]!;
      const e = await getTodoList(rec.prisma, user);
      const b = await baseline.todoList(base.db, TODO_TYPES, user);
      take("todo", "bounded");
      results.push(parity("todo", e, b, [], "the same person's list"));
    }
    for (const deep of [false, true]) {
      const key = deep ? "queue-deep" : "queue-first";
      if (!only(key)) continue;
      const cursor = deep && fixtures.queue.deepAfter ? encodeCursor(fixtures.queue.deepAfter) : undefined;
      const e = await listQueue(
        rec.prisma,
        fixtures.queue.jobType,
        queueFiltersSchema.parse(cursor ? { cursor } : {}),
        fixtures.staffIds[0]!,
      );
      const b = await baseline.queuePage(base.db, {
        jobType: fixtures.queue.jobType,
        after: deep ? fixtures.queue.deepAfter : null,
        limit: QUEUE_PAGE_SIZE,
        slaStatus,
      });
      take(key, "index");
      results.push(parity(key, e, b, [], "the same page"));
    }
    let rolledUp = false;
    for (const week of [false, true]) {
      const key = week ? "funnel-week" : "funnel-all";
      if (!only(key)) continue;
      const cohort = week ? fixtures.week : {};
      if (!rolledUp) await rollUpFunnel(ctx);
      rolledUp = true;
      rec.take();
      const e = await onboardingFunnel(rec.prisma, cohort);
      const b = await baseline.onboardingFunnel(base.db, STEPS, cohort);
      take(key, "any");
      // The engine reads rolled-up medians from a histogram (funnel.medianPrecision); every count must match.
      results.push(
        parity(
          key,
          e,
          b,
          ["medianSecondsToComplete", "p90SecondsToComplete", "medianPrecision"],
          "the same cohort (counts; percentiles from the summary are approximate)",
        ),
      );
    }
    if (only("request")) {
      const dup = fixtures.duplicates[0]!;
      const type = jobTypes.require(dup.jobType);
      const fresh = () => ({
        id: uuidv7(),
        jobType: "staff.review-document",
        targetType: "document",
        targetId: uuidv7(),
        expiresAfterHours: null,
        dueAfterHours: 48,
      });
      const metadata = { [BENCH_METADATA_KEY]: ctx.runId };
      const input = (op: ReturnType<typeof fresh>) => ({
        target: { type: op.targetType, id: op.targetId },
        jobType: jobTypeKey(op.jobType),
        idempotent: true,
        sender: "bench",
        metadata,
      });
      const [n1, n2] = [fresh(), fresh()];
      const eNew = await jobRequested(rec.prisma, input(n1));
      const eDup = await jobRequested(rec.prisma, input({ ...n1, ...dup }));
      const bNew = await baseline.requestJob(base.db, { ...n2, metadata, sender: "bench" });
      const bDup = await baseline.requestJob(base.db, {
        ...n2,
        ...dup,
        expiresAfterHours: type.expiresAfterHours ?? null,
        dueAfterHours: type.dueAfterHours ?? null,
        metadata,
        sender: "bench",
      });
      ctx.made.push(eNew.job.id, bNew.job.id);
      take("request", "any");
      results.push(
        parity(
          "request (new target)",
          eNew,
          bNew,
          ["id", "targetId", "createdAt", "updatedAt", "dueAt", "expiresAt"],
          "two new targets of one type",
        ),
      );
      results.push(parity("request (duplicate)", eDup, bDup, [], "the same pending job requested again"));
      const [eEvents, bEvents] = await Promise.all(
        [eNew.job.id, bNew.job.id].map((id) =>
          ctx.admin
            .query<{ kind: string; source: string; data: unknown }>(
              `SELECT kind, source, data FROM ${JOB_EVENTS_TABLE} WHERE job_id = $1`,
              [id],
            )
            .then((r) => r.rows),
        ),
      );
      results.push(parity("request (event)", eEvents, bEvents, [], "the events the two new jobs got"));
    }
    if (only("complete")) {
      const supply = await supplyForComplete(ctx);
      const e = await jobCompleted(rec.prisma, {
        target: { type: supply[0].targetType, id: supply[0].targetId },
        jobType: jobTypeKey(supply[0].jobType),
        by: supply[0].by,
        source: "staff",
        note: "Approved",
      });
      const b = await baseline.completeJob(base.db, { ...supply[1], source: "staff", note: "Approved" });
      take("complete", "any");
      results.push(
        parity("complete", e, b, ["id", "targetId", "createdAt", "updatedAt", "dueAt", "completedAt"], "two pending review jobs alike"),
      );
      const [eEvents, bEvents] = await Promise.all(
        [e.job?.id, b.job?.id].map((id) =>
          ctx.admin
            .query<{ kind: string; source: string; actor_id: string; data: unknown }>(
              `SELECT kind, source, actor_id, data FROM ${JOB_EVENTS_TABLE} WHERE job_id = $1`,
              [id],
            )
            .then((r) => r.rows),
        ),
      );
      results.push(parity("complete (event)", eEvents, bEvents, [], "the events the two completions wrote"));
    }
    if (only("request-receivers") || only("complete-receivers")) {
      const withReceivers = await receiverParity(ctx, rec);
      for (const c of withReceivers.captured) captured.push({ ...c, sortRule: "any" });
      for (const p of withReceivers.parity) results.push(parity(p.operation, p.engine, p.baseline, [], p.compared));
    }
    if (only("sweep")) {
      // Nothing is due this long ago: one batch statement each, enough to see its plan.
      const e = await expireDueJobs(rec.prisma, { asOf: SWEEP_NOTHING_DUE });
      const b = await baseline.expireDueJobs(base.db, { batchSize: 500, asOf: SWEEP_NOTHING_DUE });
      take("sweep", "any");
      results.push(parity("sweep", e, b, [], "a sweep with nothing due (the timed rounds check the counts)"));
    }
  } finally {
    await rec.prisma.$disconnect();
  }
  return { captured, parity: results };
}

async function supplyForComplete(
  ctx: BenchContext,
): Promise<
  [
    { jobType: string; targetType: string; targetId: string; by: string },
    { jobType: string; targetType: string; targetId: string; by: string },
  ]
> {
  const by = ctx.fixtures.staffIds[0]!;
  const make = () => ({ id: uuidv7(), jobType: "staff.review-document", targetType: "document", targetId: uuidv7(), by });
  const pair = [make(), make()] as const;
  await (ctx.admin as pg.Pool).query(
    `INSERT INTO ${JOBS_TABLE} (id, job_type, target_type, target_id, due_at, metadata, created_at, updated_at)
     SELECT id, 'staff.review-document', 'document', target_id, now() + interval '1 day', jsonb_build_object($3::text, $4::text), now(), now()
     FROM unnest($1::uuid[], $2::text[]) AS t(id, target_id)`,
    [pair.map((p) => p.id), pair.map((p) => p.targetId), BENCH_METADATA_KEY, ctx.runId],
  );
  ctx.made.push(...pair.map((p) => p.id));
  return [pair[0], pair[1]];
}
