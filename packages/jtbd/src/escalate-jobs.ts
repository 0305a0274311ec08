import { type HoursClock, wallClock } from "./business-hours.js";
import type { Database } from "./database.js";
import type { EngineContext } from "./engine-context.js";
import { JobsError } from "./jobs-error.js";
import { type JobTypeDefinition, SLA_RULES, type SlaRuleName } from "./registry.js";
import type { Emission } from "./signals.js";
import { withEmissions } from "./signals.js";
import type { Job, JobPriority, JsonObject } from "./types.js";
import { InputCheck } from "./validate.js";

// SLAs that act. A type's SLA rules (time to first action, time to resolve)
// give each job a deadline counted from its request; the scan fires each rule
// once per job still pending past it: a row in job_escalations (its primary
// key is the "once"), the priority raised, an `escalated` event, and the
// `escalated` signal for the host's receivers (notify, route), all in one
// transaction. Set-based like the expiry sweep: a batch is one statement,
// rows claimed FOR UPDATE SKIP LOCKED, so two scans at once share the work and
// a job being finished right now is skipped (the next scan sees it finished).

const SYSTEM = { id: null, source: "system" } as const;

/** Past this share of its time a job is "at risk" (the host's queues show it). */
export const DEFAULT_AT_RISK_SHARE = 0.75;

export interface SlaDeadline {
  rule: SlaRuleName;
  /** The hours the rule allows, as declared. */
  withinHours: number;
  businessHours: boolean;
  /** When the rule is breached. */
  deadline: Date;
  /** When the job becomes at risk of breaching it (a share of its time gone). */
  atRiskAt: Date;
}

function clockFor(ctx: EngineContext, def: JobTypeDefinition): HoursClock {
  if (!def.sla?.businessHours) return wallClock;
  if (!ctx.businessHours) {
    throw new JobsError("invalid_input", `Job type "${def.key}" counts its SLA in business hours, but the engine has no businessHours.`);
  }
  return ctx.businessHours;
}

function rulesOf(def: JobTypeDefinition) {
  return SLA_RULES.flatMap((rule) => {
    const sla = def.sla?.[rule === "first-action" ? "firstAction" : "resolve"];
    return sla ? [{ rule, ...sla }] : [];
  });
}

/**
 * The deadlines of a job's SLA rules, from when it was requested; none for a
 * type without SLAs (or unknown). `atRiskShare` of the time gone makes it at risk.
 */
export function slaDeadlines(
  ctx: EngineContext,
  job: Pick<Job, "jobType" | "createdAt">,
  atRiskShare: number = DEFAULT_AT_RISK_SHARE,
): SlaDeadline[] {
  const def = ctx.types.has(job.jobType) ? ctx.types.require(job.jobType) : undefined;
  if (!def?.sla) return [];
  const clock = clockFor(ctx, def);
  return rulesOf(def).map(({ rule, withinHours }) => ({
    rule,
    withinHours,
    businessHours: def.sla?.businessHours ?? false,
    deadline: clock.add(job.createdAt, withinHours),
    atRiskAt: clock.add(job.createdAt, withinHours * atRiskShare),
  }));
}

export interface EscalateJobsOptions {
  /** Escalate what is past its deadline at this time instead of now (tests, a replay). */
  now?: Date;
  /** Rules fired per batch (one transaction each); 500 by default. */
  batchSize?: number;
  /** Stop after this many batches; everything that is due by default. */
  maxBatches?: number;
  db?: Database;
}

export interface EscalateJobsResult {
  /** Rules fired (a job past both of its deadlines counts twice). */
  escalated: number;
  batches: number;
}

type FiredRow = Job & { rule: SlaRuleName; previousPriority: JobPriority };

/**
 * The escalation scan: for each SLA rule of each type, pending jobs past the
 * rule's deadline that it has not fired for. A rule fires once per job, ever
 * (ON CONFLICT DO NOTHING on job_escalations); only what this scan inserted
 * is raised, recorded and signalled. Not fired: jobs no longer pending (a
 * job finished a moment before its deadline stays as it is), expired ones,
 * snoozed ones until they come back, and for `first-action` jobs someone has
 * already acted on. Schedule it every minute or so from any process.
 */
export async function escalateJobs(ctx: EngineContext, db: Database, options: EscalateJobsOptions = {}): Promise<EscalateJobsResult> {
  const check = new InputCheck("escalation options");
  const batchSize = options.batchSize === undefined ? 500 : check.integer("batchSize", options.batchSize, 1, 10_000);
  const maxBatches =
    options.maxBatches === undefined ? undefined : check.integer("maxBatches", options.maxBatches, 1, Number.MAX_SAFE_INTEGER);
  const now = check.date("now", options.now) ?? new Date();
  check.done();

  // Per rule, the latest request time that is past its deadline now: one
  // comparison on created_at, along jobs_queue_idx (job_type, status, created_at).
  const rules = ctx.types.all.flatMap((def) =>
    rulesOf(def).map(({ rule, withinHours, raisePriorityTo }) => ({
      def,
      rule,
      withinHours,
      raise: raisePriorityTo ?? null,
      requestedBy: clockFor(ctx, def).latestStartBefore(now, withinHours),
    })),
  );
  const result: EscalateJobsResult = { escalated: 0, batches: 0 };
  if (rules.length === 0) return result;
  await ctx.ready(db);

  const params = [
    rules.map((r) => r.def.key),
    rules.map((r) => r.rule),
    rules.map((r) => r.requestedBy),
    rules.map((r) => r.raise),
    now,
    batchSize,
  ];
  while (maxBatches === undefined || result.batches < maxBatches) {
    const fired = await db.transaction((tx) =>
      withEmissions(ctx.signals, tx, ["escalated"], async (q, emissions) => {
        const rows = await q.query<FiredRow>(batchStatement(ctx), params);
        if (rows.length === 0) return 0;
        const events = rows.map((row) => {
          const deadline = slaDeadlines(ctx, row).find((d) => d.rule === row.rule)?.deadline ?? null;
          const data: JsonObject = {
            rule: row.rule,
            deadline: deadline?.toISOString() ?? null,
            ...(row.previousPriority !== row.priority ? { priority: { from: row.previousPriority, to: row.priority } } : {}),
          };
          const { rule: _rule, previousPriority: _previous, ...job } = row;
          emissions.push({ signal: "escalated", job, actor: SYSTEM, data } satisfies Emission);
          return { id: row.id, data };
        });
        await q.execute(
          `INSERT INTO ${ctx.sql.events} (job_id, kind, source, data)
           SELECT e.id, 'escalated', 'system', e.data FROM unnest($1::uuid[], $2::jsonb[]) WITH ORDINALITY AS e(id, data, n) ORDER BY e.n`,
          [events.map((e) => e.id), events.map((e) => JSON.stringify(e.data))],
        );
        return rows.length;
      }),
    );
    if (fired === 0) break;
    result.escalated += fired;
    result.batches += 1;
    if (fired < batchSize) break;
  }
  return result;
}

function batchStatement(ctx: EngineContext): string {
  const { sql } = ctx;
  const priority = sql.enumType("job_priority");
  return `WITH rules AS (
      SELECT * FROM unnest($1::text[], $2::text[], $3::timestamptz[], $4::text[]) AS r(job_type, rule, requested_by, raise_to)
    ), due AS (
      SELECT j.id, j.priority AS previous_priority, r.rule, r.raise_to::${priority} AS raise_to
      FROM ${sql.jobs} j JOIN rules r ON r.job_type = j.job_type
      WHERE j.status = 'pending'
        AND j.created_at <= r.requested_by
        AND (j.expires_at IS NULL OR j.expires_at > $5::timestamptz)
        AND (j.snoozed_until IS NULL OR j.snoozed_until <= $5::timestamptz)
        AND (r.rule <> 'first-action' OR j.first_action_at IS NULL OR j.first_action_at > $5::timestamptz)
        AND NOT EXISTS (SELECT 1 FROM ${sql.escalations} e WHERE e.job_id = j.id AND e.rule = r.rule)
      ORDER BY j.created_at, j.id, r.rule
      LIMIT $6::int
      FOR UPDATE OF j SKIP LOCKED
    ), fired AS (
      -- The primary key (job_id, rule) is what makes a rule fire once, even
      -- when two scans reach the same job: only the rows inserted go on.
      INSERT INTO ${sql.escalations} (job_id, rule, fired_at)
      SELECT id, rule, $5::timestamptz FROM due
      ON CONFLICT (job_id, rule) DO NOTHING
      RETURNING job_id, rule
    ), raised AS (
      SELECT due.id, max(due.raise_to) AS raise_to, min(due.previous_priority) AS previous_priority
      FROM fired JOIN due ON due.id = fired.job_id AND due.rule = fired.rule
      GROUP BY due.id
    ), changed AS (
      UPDATE ${sql.jobs} j SET priority = GREATEST(j.priority, COALESCE(raised.raise_to, j.priority)), updated_at = now()
      FROM raised WHERE j.id = raised.id
      RETURNING j.*, raised.previous_priority
    )
    SELECT ${sql.columns("c")}, fired.rule, c.previous_priority AS "previousPriority"
    FROM fired JOIN changed c ON c.id = fired.job_id
    ORDER BY c.created_at, c.id, fired.rule`;
}
