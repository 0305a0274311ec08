import type { EscalateJobsOptions, EscalateJobsResult, SlaRuleName } from "@jtbd/engine";
import { Prisma, type SqlDb } from "@/lib/db/client";
import { appJobs, onEngine } from "./app-jobs";

// SLAs that act, for the product: the scan the worker schedules, and where a
// pending job stands against its SLA, for the queues and the overview. The
// rules and the business hours are declared once (job-types.ts,
// business-hours.ts); the engine fires each rule once per job.

/** The engine's record of SLA rules fired, schema-qualified (`jtbd.job_escalations`). */
export const jobEscalationsTable = Prisma.raw(appJobs.sql.escalations);

/**
 * The escalation scan: each SLA rule fires once per pending job past its
 * deadline (priority raised, `escalated` event, notifications through the
 * receivers), in batches claimed with SKIP LOCKED. `now` for tests.
 */
export function escalateJobs(db: SqlDb, options: Omit<EscalateJobsOptions, "db"> = {}): Promise<EscalateJobsResult> {
  return onEngine(db, (on) => appJobs.escalateJobs({ ...options, db: on }));
}

export type SlaState = "on-track" | "at-risk" | "breached";

export interface JobSla {
  state: SlaState;
  /** The rule this state is about: the breached one, else the next deadline. */
  rule: SlaRuleName;
  deadline: Date;
}

const SEVERITY: Record<SlaState, number> = { "on-track": 0, "at-risk": 1, breached: 2 };

/**
 * Where a pending job stands against its type's SLA at `now`: breached once a
 * rule fired (or its deadline passed before the next scan), at risk past 75%
 * of a rule's time, else on track. Time to first action stops counting once
 * someone acted (a breach it fired before stays). Null for a type without an SLA.
 */
export function slaStatus(
  job: { jobType: string; createdAt: Date; firstActionAt: Date | null; escalatedRules?: readonly string[] },
  now: Date = new Date(),
): JobSla | null {
  let worst: JobSla | null = null;
  for (const { rule, deadline, atRiskAt } of appJobs.slaDeadlines(job)) {
    const fired = job.escalatedRules?.includes(rule) ?? false;
    // Someone acted: the rule is settled (as the scan sees it), unless it had fired before they did.
    if (!fired && rule === "first-action" && job.firstActionAt && job.firstActionAt <= now) continue;
    const state: SlaState = fired || deadline <= now ? "breached" : atRiskAt <= now ? "at-risk" : "on-track";
    if (!worst || SEVERITY[state] > SEVERITY[worst.state] || (state === worst.state && deadline < worst.deadline)) {
      worst = { state, rule, deadline };
    }
  }
  return worst;
}
