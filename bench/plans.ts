import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient } from "@/lib/db/client";

// The plan check: every statement the hot paths send, captured as sent (the
// engine's through Prisma's query log, the baseline's through a recording
// wrapper, a page's from the web server's own statement log while it answers
// one request), then EXPLAINed with its own parameters. A sequential scan over
// jobs fails the check anywhere, and on a page one over users, job_events or
// notifications too (a page's cost must not grow with the data; the funnel
// operation counts every user on purpose); a sort over jobs fails it on queue pages
// (their order must come from the index) and on the todo list when it is more
// than one person's few rows; elsewhere a large sort is a warning.

export interface CapturedStatement {
  sql: string;
  params: unknown[];
}

export interface PlanNode {
  "Node Type": string;
  "Relation Name"?: string;
  "Index Name"?: string;
  "Plan Rows"?: number;
  "Sort Key"?: string[];
  Plans?: PlanNode[];
  [key: string]: unknown;
}

export interface PlanFinding {
  level: "fail" | "warn";
  message: string;
}

export interface CheckedPlan {
  operation: string;
  /** "server": a statement a measured page sent while answering a request. */
  side: "engine" | "baseline" | "server";
  sql: string;
  /** One line per node, indented: the plan at a glance. */
  outline: string[];
  findings: PlanFinding[];
  ok: boolean;
  plan: PlanNode;
}

export interface PlanCheck {
  ok: boolean;
  checked: number;
  failed: number;
  warnings: number;
  plans: CheckedPlan[];
}

/** A Prisma client on its own pool that records every statement it sends. */
export function createRecordingPrisma(connectionString: string): { prisma: PrismaClient; take(): CapturedStatement[] } {
  const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString, max: 4 }), log: [{ emit: "event", level: "query" }] });
  let seen: CapturedStatement[] = [];
  prisma.$on("query", (event) => {
    seen.push({ sql: event.query, params: JSON.parse(event.params) as unknown[] });
  });
  return {
    prisma,
    take() {
      const out = seen;
      seen = [];
      return out;
    },
  };
}

/** A `query`-only stand-in for a pg pool that records what the baseline sends. */
export function recordingQueryable(pool: pg.Pool): { db: Pick<pg.Pool, "query">; take(): CapturedStatement[] } {
  let seen: CapturedStatement[] = [];
  const db = {
    query(text: string, values?: unknown[]) {
      seen.push({ sql: text, params: values ?? [] });
      return pool.query(text, values);
    },
  } as Pick<pg.Pool, "query">;
  return {
    db,
    take() {
      const out = seen;
      seen = [];
      return out;
    },
  };
}

function walk(
  node: PlanNode,
  visit: (node: PlanNode, depth: number, ancestors: PlanNode[]) => void,
  depth = 0,
  ancestors: PlanNode[] = [],
): void {
  visit(node, depth, ancestors);
  for (const child of node.Plans ?? []) walk(child, visit, depth + 1, [...ancestors, node]);
}

function readsJobs(node: PlanNode): boolean {
  let found = false;
  walk(node, (n) => {
    if (n["Relation Name"] === "jobs") found = true;
  });
  return found;
}

export function outline(plan: PlanNode): string[] {
  const lines: string[] = [];
  walk(plan, (n, depth) => {
    const on = n["Relation Name"] ? ` on ${n["Relation Name"]}` : "";
    const using = n["Index Name"] ? ` using ${n["Index Name"]}` : "";
    const key = n["Sort Key"] ? ` by ${n["Sort Key"].join(", ")}` : "";
    lines.push(`${"  ".repeat(depth)}${n["Node Type"]}${on}${using}${key} (rows≈${n["Plan Rows"] ?? "?"})`);
  });
  return lines;
}

/**
 * How much sorting a statement may do over jobs rows:
 * - "index": none; a queue page's order must come from its index, or the page sorts the whole queue.
 * - "bounded": one person's own rows; a sort over more than a thousand (estimated) fails.
 * - "any": aggregates and writes; a sort over more than 10,000 is worth a warning.
 */
export type SortRule = "index" | "bounded" | "any";

const INDEX_SCANS = new Set(["Index Scan", "Index Only Scan", "Bitmap Index Scan"]);
/** The tables that grow with the product: reading any of them whole makes a page's cost grow with the data. */
export const GROWING_TABLES: ReadonlySet<string> = new Set(["users", "jobs", "job_events", "notifications"]);

/** The tables no statement may read whole: jobs for every statement, all of GROWING_TABLES for a page's. */
const JOBS_ONLY: ReadonlySet<string> = new Set(["jobs"]);

const NONE: ReadonlySet<string> = new Set();

/**
 * Indexes an operation reads whole by design: the funnel over everyone counts
 * every pending onboarding job, and the partial index of pending jobs by person
 * is the smallest thing that holds them (an index-only pass, no heap).
 */
const WHOLE_INDEX_READS: Readonly<Record<string, ReadonlySet<string>>> = {
  "funnel-all": new Set(["jobs_pending_by_person_idx"]),
};

export function findings(
  plan: PlanNode,
  rule: SortRule,
  {
    smallData = false,
    noScanOf = JOBS_ONLY,
    mayReadWhole = NONE,
  }: CheckPlansOptions & { noScanOf?: ReadonlySet<string>; mayReadWhole?: ReadonlySet<string> } = {},
): PlanFinding[] {
  const out: PlanFinding[] = [];
  walk(plan, (n) => {
    if (n["Node Type"] === "Seq Scan" && noScanOf.has(String(n["Relation Name"])))
      out.push({ level: "fail", message: `sequential scan over ${n["Relation Name"]}` });
    // With sequential scans priced out, a statement no index serves reads a
    // whole index instead (a partial one's every row, say): the same full scan.
    const index = String(n["Index Name"] ?? "");
    if (smallData && INDEX_SCANS.has(n["Node Type"]) && index.startsWith("jobs_") && !n["Index Cond"] && !mayReadWhole.has(index)) {
      out.push({ level: "fail", message: `whole-index scan of ${n["Index Name"]} (no index condition)` });
    }
    if ((n["Node Type"] === "Sort" || n["Node Type"] === "Incremental Sort") && (n.Plans ?? []).some(readsJobs)) {
      const input = Math.max(...(n.Plans ?? []).map((c) => c["Plan Rows"] ?? 0));
      if (rule === "index")
        out.push({
          level: "fail",
          message: `sort of ≈${input} jobs rows where the index should give the order (a sort of the whole queue)`,
        });
      else if (rule === "bounded" && input > 1_000)
        out.push({ level: "fail", message: `sort of ≈${input} jobs rows where one person's few were expected` });
      else if (input > 10_000) out.push({ level: "warn", message: `sort of ≈${input} jobs rows` });
    }
  });
  return out;
}

export async function explain(client: pg.ClientBase | pg.Pool, statement: CapturedStatement): Promise<PlanNode> {
  const { rows } = await client.query<{ "QUERY PLAN": [{ Plan: PlanNode }] }>(`EXPLAIN (FORMAT JSON) ${statement.sql}`, statement.params);
  const plan = rows[0]?.["QUERY PLAN"][0]?.Plan;
  if (!plan) throw new Error(`EXPLAIN returned no plan for: ${statement.sql.slice(0, 200)}`);
  return plan;
}

export interface CheckPlansOptions {
  /**
   * The data is too small for the planner's choices to mean anything (the smoke
   * run): on a few hundred rows a sequential scan or a sort is the cheapest plan
   * whatever the indexes. Plan with sequential scans and sorts priced out
   * instead, so one still shows only where no index can avoid it — which is
   * what the check is about.
   */
  smallData?: boolean;
}

export async function checkPlans(
  pool: pg.Pool,
  captured: { operation: string; side: CheckedPlan["side"]; sortRule: SortRule; statements: CapturedStatement[] }[],
  { smallData = false }: CheckPlansOptions = {},
): Promise<PlanCheck> {
  // One connection, so the session settings below hold for every EXPLAIN.
  const client = await pool.connect();
  try {
    if (smallData) await client.query("SET enable_seqscan = off; SET enable_sort = off");
    return await checkPlansOn(client, captured, { smallData });
  } finally {
    if (smallData) await client.query("RESET enable_seqscan; RESET enable_sort");
    client.release();
  }
}

async function checkPlansOn(
  client: pg.ClientBase,
  captured: { operation: string; side: CheckedPlan["side"]; sortRule: SortRule; statements: CapturedStatement[] }[],
  options: CheckPlansOptions,
): Promise<PlanCheck> {
  const plans: CheckedPlan[] = [];
  for (const group of captured) {
    const seen = new Set<string>();
    for (const statement of group.statements) {
      // The same statement sent twice (a retry, a second page) has the same plan.
      if (seen.has(statement.sql)) continue;
      // BEGIN, COMMIT, SET and the like have no plan (a page's log holds them too).
      if (!/^\s*(SELECT|WITH|INSERT|UPDATE|DELETE)\b/i.test(statement.sql)) continue;
      seen.add(statement.sql);
      const plan = await explain(client, statement);
      const found = findings(plan, group.sortRule, {
        ...options,
        noScanOf: group.side === "server" ? GROWING_TABLES : JOBS_ONLY,
        mayReadWhole: WHOLE_INDEX_READS[group.operation] ?? NONE,
      });
      plans.push({
        operation: group.operation,
        side: group.side,
        sql: statement.sql.replace(/\s+/g, " ").trim(),
        outline: outline(plan),
        findings: found,
        ok: !found.some((f) => f.level === "fail"),
        plan,
      });
    }
  }
  const failed = plans.filter((p) => !p.ok).length;
  return {
    ok: failed === 0,
    checked: plans.length,
    failed,
    warnings: plans.reduce((n, p) => n + p.findings.filter((f) => f.level === "warn").length, 0),
    plans,
  };
}
