import { parseArgs } from "node:util";

// What one bench run does. `npm run bench` takes the full defaults (100,000
// users, 1,000,000 jobs, HTTP included); `--smoke` shrinks everything to a
// run of seconds, which is what bench/bench.test.ts exercises.

export const DEFAULT_BENCH_DATABASE_URL = "postgresql://postgres@127.0.0.1:5432/jtbd_bench";

export interface BenchOptions {
  /** The database the dataset lives in (and is rebuilt in when its shape differs). */
  databaseUrl: string;
  users: number;
  jobs: number;
  smoke: boolean;
  /** Measured rounds per side and operation (after `warmupRounds`). */
  rounds: number;
  warmupRounds: number;
  /** Scale of every operation's work per round; 1 = the defaults in operations.ts. */
  opsScale: number;
  /** Expired jobs each side sweeps per round (the issue: 100,000). */
  sweepJobs: number;
  /** Connections in the engine's pool and in the baseline's pool: always the same. */
  poolSize: number;
  /** Operations to run (keys from operations.ts); empty = all. */
  only: string[];
  /** Also measure the queue page and user list on a small dataset (10,000 jobs) in a sibling database. */
  scaling: { users: number; jobs: number } | null;
  http: { enabled: true; build: boolean; seconds: number; rounds: number; connections: number } | { enabled: false; reason: string };
  /** The API section (bench/api.ts): POST /api/v1/jobs against the engine in process, and webhook deliveries per second. */
  api: { enabled: true; build: boolean; seconds: number; rounds: number; connections: number } | { enabled: false; reason: string };
  /** Also run Lighthouse (npx --yes lighthouse@12.2.3) on the signed-in pages, with the HTTP section's server. */
  lighthouse: boolean;
  /** Build (or check) the dataset, then stop. */
  datasetOnly: boolean;
  /** Where the JSON report goes; null = nowhere. */
  out: string | null;
  log: (line: string) => void;
}

export function resolveBenchDatabaseUrl(environment: Record<string, string | undefined> = process.env): string {
  return environment.BENCH_DATABASE_URL || environment.DATABASE_URL || DEFAULT_BENCH_DATABASE_URL;
}

const HELP = `npm run bench [-- options]

  --smoke             tiny dataset, a few operations per side, no HTTP: seconds
  --users N           users in the dataset (default 100000)
  --jobs N            jobs in the dataset (default 1000000)
  --rounds N          measured rounds per side (default 5; smoke 2)
  --scale X           multiply the operations per round (default 1)
  --sweep-jobs N      expired jobs per sweep (default 100000)
  --pool N            pool size for both sides (default 16)
  --only a,b          only these operations (roundtrip, request, complete, todo,
                      queue-first, queue-deep, funnel-all, funnel-week, sweep)
  --no-scaling        skip the 10,000-job comparison for the queue page and user list
  --no-http           skip the next start + autocannon section
  --skip-build        reuse the last bench build (.data/next-bench) instead of building
  --http-seconds N    seconds per HTTP round (default 10)
  --no-api            skip the API section (POST /api/v1/jobs against the engine in
                      process at 16 connections, webhook deliveries per second)
  --lighthouse        also run Lighthouse 12.2.3 (desktop preset) on every signed-in
                      page with the HTTP section's server; fetched with npx --yes
                      (not a dependency), Chromium from CHROMIUM_PATH or /usr/bin/chromium
  --dataset-only      build (or check) the dataset, then stop
  --out FILE          JSON report (default bench/results/latest.json; smoke: none)

Database: BENCH_DATABASE_URL, else DATABASE_URL, else ${DEFAULT_BENCH_DATABASE_URL}
(created and migrated when missing; a database with users but no bench marker is refused).`;

const positiveInt = (name: string, raw: string | undefined, fallback: number): number => {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a positive integer, not "${raw}"`);
  return n;
};

export function parseBenchArgs(argv: string[], environment: Record<string, string | undefined> = process.env): BenchOptions | "help" {
  const { values } = parseArgs({
    args: argv,
    options: {
      smoke: { type: "boolean", default: false },
      users: { type: "string" },
      jobs: { type: "string" },
      rounds: { type: "string" },
      scale: { type: "string" },
      "sweep-jobs": { type: "string" },
      pool: { type: "string" },
      only: { type: "string" },
      "no-scaling": { type: "boolean", default: false },
      "dataset-only": { type: "boolean", default: false },
      "no-http": { type: "boolean", default: false },
      "skip-build": { type: "boolean", default: false },
      "http-seconds": { type: "string" },
      "no-api": { type: "boolean", default: false },
      lighthouse: { type: "boolean", default: false },
      out: { type: "string" },
      help: { type: "boolean", short: "h", default: false },
    },
    strict: true,
  });
  if (values.help) return "help";
  const smoke = values.smoke;
  const scale = values.scale === undefined ? 1 : Number(values.scale);
  if (!(scale > 0)) throw new Error(`--scale must be a positive number, not "${values.scale}"`);
  const users = positiveInt("users", values.users, smoke ? 300 : 100_000);
  const jobs = positiveInt("jobs", values.jobs, smoke ? 3_000 : 1_000_000);
  return {
    databaseUrl: resolveBenchDatabaseUrl(environment),
    users,
    jobs,
    smoke,
    rounds: positiveInt("rounds", values.rounds, smoke ? 2 : 5),
    warmupRounds: smoke ? 0 : 1,
    opsScale: smoke ? 0.02 * scale : scale,
    sweepJobs: positiveInt("sweep-jobs", values["sweep-jobs"], smoke ? 300 : 100_000),
    poolSize: positiveInt("pool", values.pool, 16),
    only: values.only
      ? values.only
          .split(",")
          .map((s) => s.trim())
          .filter(Boolean)
      : [],
    scaling: smoke || values["no-scaling"] ? null : { users: 1_000, jobs: 10_000 },
    http: smoke
      ? { enabled: false, reason: "smoke mode: the HTTP section (next start + autocannon) is skipped" }
      : values["no-http"]
        ? { enabled: false, reason: "--no-http" }
        : {
            enabled: true,
            build: !values["skip-build"],
            seconds: positiveInt("http-seconds", values["http-seconds"], 10),
            rounds: 3,
            connections: 8,
          },
    api: smoke
      ? { enabled: false, reason: "smoke mode: the API section (next start + autocannon) is skipped" }
      : values["no-api"]
        ? { enabled: false, reason: "--no-api" }
        : // The HTTP section builds first in the same run; build here only without it.
          {
            enabled: true,
            build: values["no-http"] && !values["skip-build"],
            seconds: positiveInt("http-seconds", values["http-seconds"], 10),
            rounds: 3,
            connections: 16,
          },
    lighthouse: values.lighthouse,
    datasetOnly: values["dataset-only"],
    out: values.out ?? (smoke ? null : "bench/results/latest.json"),
    log: (line) => console.log(line),
  };
}

export { HELP as BENCH_HELP };
