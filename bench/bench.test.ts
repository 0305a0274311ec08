import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/test/database";
import { UnsafeDatabaseError, prepareBenchDatabase } from "./database";
import { type BenchReport, runBench } from "./harness";
import { OPERATION_KEYS } from "./operations";
import { parseBenchArgs } from "./options";
import { findings, GROWING_TABLES, type PlanNode } from "./plans";
import { formatReport } from "./report";
import { jobsTable } from "@/lib/jobs/job-sql";

// The harness on a tiny dataset, so `npm test` notices when it rots: every
// operation measured on both sides with ratios and latencies, plans checked,
// parity compared. Nothing here judges the timings (a shared machine makes
// them noise at this size), but the plans must pass: at this size they are
// checked with sequential scans and sorts priced out (bench/plans.ts), so a
// hot-path statement no index serves fails `npm test`. The benchmark itself is
// `npm run bench`.

let t: TestDatabase;
let report: BenchReport;

beforeAll(async () => {
  t = await createTestDatabase({ poolMax: 2 });
  const options = parseBenchArgs(["--smoke", "--rounds", "1", "--sweep-jobs", "50"], { BENCH_DATABASE_URL: t.url });
  if (options === "help") throw new Error("unexpected --help");
  report = await runBench({ ...options, users: 120, jobs: 1200, log: () => undefined }, "bench.test.ts");
}, 120_000);

afterAll(async () => {
  await t?.close();
});

// The rule the page statements (captured from `next start` in the full run's
// HTTP section, which the smoke run skips) are held to, on plans of the shape
// PostgreSQL gives.
describe("plan check rule", () => {
  test.each(["users", "jobs", "job_events", "notifications"])("a sequential scan of %s fails, wherever it sits in the plan", (table) => {
    const plan: PlanNode = {
      "Node Type": "Limit",
      Plans: [
        {
          "Node Type": "Hash Join",
          Plans: [
            { "Node Type": "Index Scan", "Relation Name": "documents", "Index Cond": "(id = $1)" },
            { "Node Type": "Seq Scan", "Relation Name": table },
          ],
        },
      ],
    };
    expect(findings(plan, "any", { noScanOf: GROWING_TABLES })).toEqual([{ level: "fail", message: `sequential scan over ${table}` }]);
  });

  test("a sequential scan of a small table of settings passes", () => {
    expect(findings({ "Node Type": "Seq Scan", "Relation Name": "webhook_endpoints" }, "any", { noScanOf: GROWING_TABLES })).toEqual([]);
  });
});

describe("bench harness (smoke)", () => {
  test("measures every operation on both sides", () => {
    expect(report.operations.map((o) => o.key).sort()).toEqual([...OPERATION_KEYS].sort());
    for (const o of report.operations) {
      for (const side of [o.engine, o.baseline]) {
        expect(side.perSecond, `${o.key} throughput`).toBeGreaterThan(0);
        expect(side.p50Ms, `${o.key} p50`).toBeGreaterThan(0);
        expect(side.p95Ms, `${o.key} p95`).toBeGreaterThanOrEqual(side.p50Ms);
      }
      expect(o.ratio, `${o.key} ratio`).toBeGreaterThan(0);
      expect(o.roundRatios.length).toBeGreaterThanOrEqual(1);
      expect(o.rounds.filter((r) => r.side === "engine").length).toBe(o.roundRatios.length);
      expect(o.rounds.filter((r) => r.side === "baseline").length).toBe(o.roundRatios.length);
    }
  });

  test("the request mix creates new jobs and returns pending ones, on both sides", () => {
    const request = report.operations.find((o) => o.key === "request")!;
    for (const side of [request.engine, request.baseline]) {
      expect(side.outcomes.created).toBeGreaterThan(0);
      expect(side.outcomes.existing).toBeGreaterThan(0);
    }
  });

  test("checks a plan for every operation and side", () => {
    const covered = new Set(report.plans.plans.map((p) => `${p.operation}/${p.side}`));
    for (const key of OPERATION_KEYS)
      for (const side of ["engine", "baseline"]) expect(covered, `${key}/${side}`).toContain(`${key}/${side}`);
    for (const p of report.plans.plans) expect(p.outline.length).toBeGreaterThan(0);
    expect(report.plans.checked).toBe(report.plans.plans.length);
  });

  test("every plan passes the check: no sequential scan of jobs, no sort where an index must give the order", () => {
    const failing = report.plans.plans
      .filter((p) => !p.ok)
      .map((p) => ({ at: `${p.operation}/${p.side}`, findings: p.findings, sql: p.sql.slice(0, 160), outline: p.outline }));
    expect(failing).toEqual([]);
    expect(report.plans).toMatchObject({ ok: true, failed: 0 });
  });

  test("engine and baseline give the same answers", () => {
    expect(report.parity.length).toBeGreaterThanOrEqual(OPERATION_KEYS.length);
    expect(report.parity.filter((p) => !p.same)).toEqual([]);
  });

  test("reports the machine, the dataset, and why HTTP and scaling were skipped", () => {
    expect(report.machine.cores).toBeGreaterThan(0);
    expect(report.machine.postgres).toMatch(/PostgreSQL/);
    expect(report.machine.packages["@prisma/client"]).toMatch(/^\d/);
    expect(report.dataset.counts.jobs).toBeGreaterThan(1000);
    expect(report.http).toEqual({ ran: false, reason: expect.stringContaining("smoke") });
    expect(report.lighthouse).toEqual({ ran: false, reason: expect.stringContaining("--lighthouse") });
    expect(report.scaling.ran).toBe(false);
    expect(formatReport(report)).toContain("| operation");
  });

  test("leaves the dataset as it found it", async () => {
    const [{ n }] = await t.prisma.$queryRaw<[{ n: number }]>`SELECT count(*)::int AS n FROM ${jobsTable} WHERE metadata ? 'bench'`;
    expect(n).toBe(0);
  });

  test("refuses a database that has users but is not a bench database", async () => {
    const other = await createTestDatabase({ poolMax: 1 });
    try {
      await other.prisma.user.create({ data: { email: "someone@example.test" } });
      await expect(prepareBenchDatabase(other.url)).rejects.toBeInstanceOf(UnsafeDatabaseError);
    } finally {
      await other.close();
    }
  });
});
