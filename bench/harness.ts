import { randomBytes } from "node:crypto";
import pg from "pg";
import { createPrismaClient } from "@/lib/db/client";
import { captureAndCompare, type Parity } from "./capture";
import { redactUrl, setDirty, siblingUrl } from "./database";
import { datasetShape, type DatasetInfo, ensureDataset } from "./dataset";
import { type Fixtures, loadFixtures } from "./fixtures";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { buildApp, capturePageStatements, type HttpReport, type HttpTarget, loadTest, mintSessionCookie, startApp } from "./http";
import { type LighthousePage, type LighthouseReport, runLighthouseSection } from "./lighthouse";
import { loadAverage, machineInfo, type MachineInfo } from "./machine";
import { type Measurable, measurable, type OperationResult } from "./measure";
import { type BenchContext, buildOperations, OPERATION_KEYS, queueOperation, todoOperation } from "./operations";
import type { BenchOptions } from "./options";
import { checkPlans, type PlanCheck } from "./plans";
import { jobTypes } from "@/lib/jobs";
import { QUEUE_PAGE_SIZE } from "@/lib/server/queries/staff-queue";
import { JOBS_TABLE, JOB_EVENTS_TABLE } from "@/lib/jobs/jobs-schema";

// One bench run: the dataset, the plan check and parity, every operation side
// by side, the small-dataset comparison, the HTTP section, and the report.
// Used by bench/run.ts (npm run bench) and by bench/bench.test.ts (smoke).

export const REPORT_VERSION = 1;

export interface ScalingRow {
  key: string;
  title: string;
  small: { jobs: number; engineP50Ms: number; baselineP50Ms: number; enginePerSecond: number; detail: string };
  full: { jobs: number; engineP50Ms: number; baselineP50Ms: number; enginePerSecond: number; detail: string };
  /** Engine p50 at the full size ÷ at the small size: about 1 is the target. */
  p50Growth: number;
}

export interface BenchReport {
  version: number;
  startedAt: string;
  finishedAt: string;
  command: string;
  mode: "smoke" | "full" | "custom";
  database: string;
  machine: MachineInfo;
  load: { start: [number, number, number]; end: [number, number, number] };
  settings: { rounds: number; warmupRounds: number; poolSize: number; opsScale: number; sweepJobs: number };
  dataset: DatasetInfo;
  fixtures: {
    queueJobType: string;
    queueLength: number;
    deepOffset: number;
    week: { from: string; to: string };
    todoUsers: number;
    duplicates: number;
  };
  plans: PlanCheck;
  parity: Parity[];
  operations: OperationResult[];
  scaling: { ran: true; smallDataset: DatasetInfo; rows: ScalingRow[] } | { ran: false; reason: string };
  http: HttpReport | { ran: false; reason: string };
  lighthouse: LighthouseReport;
  notes: string[];
}

interface Pools {
  ctx: BenchContext;
  close(): Promise<void>;
}

async function openContext(
  url: string,
  options: BenchOptions,
  fixtures: (admin: pg.Pool) => Promise<Fixtures>,
  runId: string,
): Promise<Pools> {
  const prisma = createPrismaClient({ connectionString: url, max: options.poolSize });
  const pool = new pg.Pool({ connectionString: url, max: options.poolSize });
  const admin = new pg.Pool({ connectionString: url, max: 4 });
  const ctx: BenchContext = {
    prisma,
    pool,
    admin,
    fixtures: await fixtures(admin),
    runId,
    opsScale: options.opsScale,
    sweepJobs: options.sweepJobs,
    made: [],
  };
  return {
    ctx,
    async close() {
      await prisma.$disconnect();
      await pool.end();
      await admin.end();
    },
  };
}

/**
 * Deletes the jobs the run made (their events cascade), then rebuilds the
 * indexes and vacuums so the next run starts alike: VACUUM frees the rows, but
 * a run inserts and deletes over a million of them and the btree indexes keep
 * the size they grew to (seen: jobs_queue_idx at 748 MB after a day of runs,
 * 74 MB rebuilt), which would make each run slower than the last.
 */
async function deleteMade(ctx: BenchContext, log: (line: string) => void): Promise<void> {
  const ids = [...new Set(ctx.made)];
  for (let i = 0; i < ids.length; i += 20_000)
    await ctx.admin.query(`DELETE FROM ${JOBS_TABLE} WHERE id = ANY($1::uuid[])`, [ids.slice(i, i + 20_000)]);
  if (ids.length > 0) {
    log(`deleted the ${ids.length} jobs this run made; REINDEX jobs, job_events; VACUUM ANALYZE`);
    await ctx.admin.query(`REINDEX TABLE ${JOBS_TABLE}`);
    await ctx.admin.query(`REINDEX TABLE ${JOB_EVENTS_TABLE}`);
    await ctx.admin.query(`VACUUM ANALYZE ${JOBS_TABLE}, ${JOB_EVENTS_TABLE}`);
  }
  ctx.made.length = 0;
}

export async function runBench(options: BenchOptions, command: string): Promise<BenchReport> {
  const log = options.log;
  const startedAt = new Date();
  const loadStart = loadAverage();
  const runId = `${startedAt.toISOString()}-${randomBytes(3).toString("hex")}`;
  const notes: string[] = [];
  const only = (key: string) => options.only.length === 0 || options.only.includes(key);
  for (const key of options.only)
    if (!(OPERATION_KEYS as readonly string[]).includes(key))
      throw new Error(`--only: unknown operation "${key}" (known: ${OPERATION_KEYS.join(", ")})`);

  log(`bench ${options.smoke ? "(smoke) " : ""}on ${redactUrl(options.databaseUrl)}; load average ${loadStart.join(" ")}`);
  const dataset = await ensureDataset(options.databaseUrl, datasetShape(options.users, options.jobs), log);
  const { ctx, close } = await openContext(options.databaseUrl, options, (admin) => loadFixtures(admin, QUEUE_PAGE_SIZE), runId);
  let plans: PlanCheck;
  let parity: Parity[];
  const operations: OperationResult[] = [];
  let machine: MachineInfo;
  let scaling: BenchReport["scaling"] = { ran: false, reason: options.smoke ? "smoke mode" : "--no-scaling" };
  try {
    machine = await machineInfo(ctx.admin);
    // Until the rows this run makes are deleted again, a crash leaves them for the next run to clean up.
    await setDirtyOn(ctx.admin, true);
    log("plan check and parity: one call of each operation on each side");
    const captured = await captureAndCompare(ctx, options.databaseUrl, only);
    parity = captured.parity;
    plans = await checkPlans(ctx.admin, captured.captured, { smallData: options.smoke });
    printPlans(plans, log);
    for (const p of parity) log(`  parity ${p.operation}: ${p.same ? "same answer" : `DIFFERENT — ${p.difference}`}`);

    const ops: Measurable[] = buildOperations(ctx, options.rounds).filter((op) => only(op.key));
    for (const op of ops) {
      log(`measuring ${op.key}`);
      operations.push(await op.run(options.rounds, options.warmupRounds, log));
    }
    await deleteMade(ctx, log);
    await setDirtyOn(ctx.admin, false);

    if (options.scaling && (only("queue-first") || only("queue-deep") || only("todo"))) {
      scaling = await runScaling(options, runId, operations, dataset, only, log);
    }
  } finally {
    await close();
  }

  let http: BenchReport["http"] = options.http.enabled
    ? { ran: false, reason: "not reached" }
    : { ran: false, reason: options.http.reason };
  let lighthouse: LighthouseReport = {
    ran: false,
    reason: options.lighthouse ? "the HTTP section did not run" : "not asked for (--lighthouse)",
  };
  if (options.http.enabled) {
    const pages = await runHttp(options, ctx.fixtures, log);
    http = pages.http;
    lighthouse = pages.lighthouse;
    // A page's statements count in the one plan check, so a page that scans a table fails the run like an operation would.
    plans = {
      ok: plans.ok && pages.plans.ok,
      checked: plans.checked + pages.plans.checked,
      failed: plans.failed + pages.plans.failed,
      warnings: plans.warnings + pages.plans.warnings,
      plans: [...plans.plans, ...pages.plans.plans],
    };
  }

  const report: BenchReport = {
    version: REPORT_VERSION,
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    command,
    mode: options.smoke ? "smoke" : options.users === 100_000 && options.jobs === 1_000_000 ? "full" : "custom",
    database: redactUrl(options.databaseUrl),
    machine,
    load: { start: loadStart, end: loadAverage() },
    settings: {
      rounds: options.rounds,
      warmupRounds: options.warmupRounds,
      poolSize: options.poolSize,
      opsScale: options.opsScale,
      sweepJobs: options.sweepJobs,
    },
    dataset,
    fixtures: {
      queueJobType: ctx.fixtures.queue.jobType,
      queueLength: ctx.fixtures.queue.length,
      deepOffset: ctx.fixtures.queue.deepOffset,
      week: { from: ctx.fixtures.week.from.toISOString(), to: ctx.fixtures.week.to.toISOString() },
      todoUsers: ctx.fixtures.todoUsers.length,
      duplicates: ctx.fixtures.duplicates.length,
    },
    plans,
    parity,
    operations,
    scaling,
    http,
    lighthouse,
    notes,
  };
  return report;
}

async function setDirtyOn(pool: pg.Pool, dirty: boolean): Promise<void> {
  const client = await pool.connect();
  try {
    await setDirty(client, dirty);
  } finally {
    client.release();
  }
}

function printPlans(plans: PlanCheck, log: (line: string) => void): void {
  log(
    `plan check: ${plans.checked} statements, ${plans.failed} failed, ${plans.warnings} warnings${plans.ok ? "" : "  <<< PLAN CHECK FAILED >>>"}`,
  );
  for (const p of plans.plans) {
    const verdict = p.ok ? (p.findings.length ? "WARN" : "ok") : "FAIL";
    log(`  [${verdict}] ${p.operation} / ${p.side}: ${p.sql.slice(0, 110)}${p.sql.length > 110 ? "…" : ""}`);
    for (const f of p.findings) log(`      ${f.level.toUpperCase()}: ${f.message}`);
    for (const line of p.outline) log(`      ${line}`);
  }
}

async function runScaling(
  options: BenchOptions,
  runId: string,
  fullResults: OperationResult[],
  fullDataset: DatasetInfo,
  only: (key: string) => boolean,
  log: (line: string) => void,
): Promise<BenchReport["scaling"]> {
  const scale = options.scaling!;
  const url = siblingUrl(options.databaseUrl, "small");
  log(`scaling: the queue page and todo list on ${scale.jobs.toLocaleString("en-US")} jobs (${redactUrl(url)})`);
  const small = await ensureDataset(url, datasetShape(scale.users, scale.jobs), log);
  const { ctx, close } = await openContext(url, options, (admin) => loadFixtures(admin, QUEUE_PAGE_SIZE), runId);
  const rows: ScalingRow[] = [];
  try {
    const ops = [measurable(todoOperation(ctx)), measurable(queueOperation(ctx, false)), measurable(queueOperation(ctx, true))].filter(
      (op) => only(op.key),
    );
    for (const op of ops) {
      const result = await op.run(options.rounds, options.warmupRounds, log);
      const full = fullResults.find((r) => r.key === op.key);
      if (!full) continue;
      rows.push({
        key: op.key,
        title: result.title,
        small: {
          jobs: small.counts.jobs,
          engineP50Ms: result.engine.p50Ms,
          baselineP50Ms: result.baseline.p50Ms,
          enginePerSecond: result.engine.perSecond,
          detail: result.describe,
        },
        full: {
          jobs: fullDataset.counts.jobs,
          engineP50Ms: full.engine.p50Ms,
          baselineP50Ms: full.baseline.p50Ms,
          enginePerSecond: full.engine.perSecond,
          detail: full.describe,
        },
        p50Growth: full.engine.p50Ms / result.engine.p50Ms,
      });
    }
  } finally {
    await close();
  }
  return { ran: true, smallDataset: small, rows };
}

type Person = { id: string; email: string; name: string | null; role: string };

async function runHttp(
  options: BenchOptions,
  fixtures: Fixtures,
  log: (line: string) => void,
): Promise<{ http: HttpReport; plans: PlanCheck; lighthouse: LighthouseReport }> {
  if (!options.http.enabled) throw new Error("HTTP section is disabled");
  const http = options.http;
  let buildSeconds: number | null = null;
  if (http.build) buildSeconds = await buildApp(log);

  const db = new pg.Client({ connectionString: options.databaseUrl });
  await db.connect();
  let person: Person;
  let staff: Person;
  let insightsPerson: Person | undefined;
  let firstJobId: string | undefined;
  try {
    const people = await db.query<Person>(`SELECT id, email, name, role::text FROM users WHERE id = ANY($1::uuid[]) ORDER BY id`, [
      [fixtures.todoUsers[0], fixtures.staffIds[0]],
    ]);
    person = people.rows.find((r) => r.id === fixtures.todoUsers[0])!;
    staff = people.rows.find((r) => r.id === fixtures.staffIds[0])!;
    insightsPerson = (
      await db.query<Person>(`SELECT id, email, name, role::text FROM users WHERE role IN ('admin', 'product') ORDER BY role, id LIMIT 1`)
    ).rows[0];
    firstJobId = (
      await db.query<{ id: string }>(
        `SELECT id FROM ${JOBS_TABLE} WHERE job_type = $1 AND status = 'pending' ORDER BY created_at, id LIMIT 1`,
        [fixtures.queue.jobType],
      )
    ).rows[0]?.id;
  } finally {
    await db.end();
  }
  const secret = randomBytes(32).toString("base64");
  const personCookie = await mintSessionCookie(secret, person);
  const staffCookie = await mintSessionCookie(secret, staff);
  const queuePath = `/staff/queues/${encodeURIComponent(fixtures.queue.jobType)}`;
  const targets: HttpTarget[] = [
    { key: "todo-page", title: "todo page (/todo)", path: "/todo", cookie: personCookie, expect: "My jobs" },
    {
      key: "staff-queue-page",
      title: "staff queue page, first page",
      path: queuePath,
      cookie: staffCookie,
      expect: jobTypes.require(fixtures.queue.jobType).title,
    },
  ];
  // Where a page's cost comes from, measured the same way: being signed in (the header, the session, the
  // account's row) on a page that reads nothing else, and the queue page's chrome without its rows.
  const decomposition: HttpTarget[] = [
    { key: "health-signed-in", title: "/health signed in (staff)", path: "/health", cookie: staffCookie, expect: "ok" },
    {
      key: "staff-queue-no-rows",
      title: "staff queue page with no rows (a search that matches nothing)",
      path: `${queuePath}?q=${encodeURIComponent("matches no target")}`,
      cookie: staffCookie,
      expect: "No jobs match these filters",
    },
  ];

  // The measured pages' statements, from a server that logs them; the load runs on one that does not (the log costs a write per statement).
  const dir = await mkdtemp(path.join(tmpdir(), "jtbd-bench-statements-"));
  let pagePlans: PlanCheck;
  try {
    const logFile = path.join(dir, "statements.jsonl");
    const logging = await startApp(options.databaseUrl, log, { STATEMENT_LOG: logFile }, secret);
    let captured: Awaited<ReturnType<typeof capturePageStatements>>;
    try {
      captured = await capturePageStatements(logging.url, targets, logFile);
    } finally {
      await logging.stop();
    }
    const pool = new pg.Pool({ connectionString: options.databaseUrl, max: 1 });
    try {
      pagePlans = await checkPlans(
        pool,
        captured.map(({ target, statements }) => ({
          operation: `page ${target.path}`,
          side: "server" as const,
          sortRule: "any" as const,
          statements,
        })),
      );
    } finally {
      await pool.end();
    }
    log(`page statements: ${captured.map((c) => `${c.target.path} sent ${c.statements.length}`).join("; ")}`);
    printPlans(pagePlans, log);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }

  const app = await startApp(options.databaseUrl, log, {}, secret);
  try {
    const baseline: HttpTarget = { key: "health", title: "/health (baseline)", path: "/health", cookie: null, expect: "ok" };
    const results = await loadTest(app.url, [...targets, ...decomposition], baseline, http, log);
    let lighthouse: LighthouseReport = { ran: false, reason: "not asked for (--lighthouse)" };
    if (options.lighthouse) {
      const pages: LighthousePage[] = [
        ...["/todo", "/profile", "/documents", "/team", "/guide", "/inbox", "/settings/account", "/settings/notifications"].map((p) => ({
          key: p,
          title: p,
          path: p,
          cookie: personCookie,
        })),
        ...["/staff", queuePath, ...(firstJobId ? [`${queuePath}/${firstJobId}`] : [])].map((p) => ({
          key: p,
          title: p,
          path: p,
          cookie: staffCookie,
        })),
      ];
      if (insightsPerson) {
        const cookie = await mintSessionCookie(secret, insightsPerson);
        pages.push(
          ...(insightsPerson.role === "admin" ? ["/insights", "/admin/api-keys", "/admin/webhooks"] : ["/insights"]).map((p) => ({
            key: p,
            title: p,
            path: p,
            cookie,
          })),
        );
      } else log("  lighthouse: the dataset has no admin or product account: /insights and the admin pages are not measured");
      lighthouse = await runLighthouseSection(app.url, pages, log);
    }
    return {
      http: {
        ran: true,
        build: { built: http.build, seconds: buildSeconds, distDir: ".data/next-bench" },
        connections: http.connections,
        secondsPerRound: http.seconds,
        rounds: http.rounds,
        baselinePath: "/health",
        results,
      },
      plans: pagePlans,
      lighthouse,
    };
  } finally {
    await app.stop();
  }
}
