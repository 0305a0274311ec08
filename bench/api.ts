import { access } from "node:fs/promises";
import { installQueues } from "./receivers";
import path from "node:path";
import autocannon from "autocannon";
import pg from "pg";
import { v7 as uuidv7 } from "uuid";
import { createApiKey } from "@/lib/api/api-keys";
import { createPrismaClient, type PrismaClient } from "@/lib/db/client";
import { jobRequested } from "@/lib/jobs";
import { JOBS_TABLE } from "@/lib/jobs/jobs-schema";
import { startJobs } from "@/lib/jobs/start-jobs";
import { deliverWebhook } from "@/lib/webhooks/deliver-webhook";
import { startWebhookReceiver } from "@/lib/webhooks/testing/start-webhook-receiver";
import { createWebhookEndpoint, sendTestWebhook } from "@/lib/webhooks/webhook-endpoints";
import { prepareBenchDatabase, redactUrl, siblingUrl } from "./database";
import { BENCH_DIST_DIR, buildApp, startApp } from "./http";
import { loadAverage } from "./machine";
import { median, percentile } from "./measure";
import type { BenchOptions } from "./options";

// The HTTP API and webhooks (issue 11), measured apart from the dataset
// operations, in a sibling database of its own (`<bench db>_api`) so the
// million-job dataset is never written to:
// - requesting a job through `POST /api/v1/jobs` on `next start`, loaded by
//   autocannon at 16 connections, against calling the engine in this process
//   (`jobRequested`, receivers connected as in the web server) at 16 callers
//   on a pool of the same size, rounds taking turns;
// - webhook deliveries per second: the worker's own delivery function
//   (deliverWebhook: claim, sign, POST, record) against a real HTTP receiver
//   on loopback that verifies every signature with standardwebhooks.

export interface ApiSideSummary {
  requestsPerSecond: number;
  p50Ms: number;
  p95Ms: number;
  /** API: answers other than 201 (a 429 would show here); engine: calls that threw. */
  failures: number;
}

export interface WebhookRow {
  concurrency: number;
  deliveriesPerRound: number;
  /** Median over rounds. */
  deliveriesPerSecond: number;
  roundPerSecond: number[];
  /** Every delivery of every round verified by the receiver (and none failed). */
  allVerified: boolean;
}

export type ApiBenchReport =
  | {
      ran: true;
      database: string;
      connections: number;
      secondsPerRound: number;
      rounds: number;
      poolSize: number;
      jobType: string;
      api: ApiSideSummary;
      engine: ApiSideSummary;
      /** Median over rounds of API ÷ engine requests per second. */
      ratio: number;
      roundRatios: number[];
      webhooks: WebhookRow[];
      load: { start: [number, number, number]; end: [number, number, number] };
    }
  | { ran: false; reason: string };

const JOB_TYPE = "staff.review-document";
const WEBHOOK_CONCURRENCY = [2, 16];
const DELIVERIES_PER_ROUND = 1000;

const requestBody = () => JSON.stringify({ type: JOB_TYPE, target: { type: "document", id: uuidv7() } });

async function loadApi(url: string, key: string, connections: number, seconds: number): Promise<ApiSideSummary> {
  const latencies: number[] = [];
  const instance = autocannon({
    url: `${url}/api/v1/jobs`,
    connections,
    duration: seconds,
    timeout: 30,
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    // A new target per request: every request creates a job, as a billing service's would.
    requests: [{ method: "POST", setupRequest: (request) => ({ ...request, body: requestBody() }) }],
  });
  instance.on("response", (_client: unknown, _status: number, _bytes: number, ms: number) => {
    latencies.push(ms);
  });
  const result = await instance;
  latencies.sort((a, b) => a - b);
  const created = result.statusCodeStats["201"]?.count ?? 0;
  return {
    requestsPerSecond: created / result.duration,
    p50Ms: percentile(latencies, 50),
    p95Ms: percentile(latencies, 95),
    failures: result.requests.total - created + result.errors + result.timeouts,
  };
}

async function loadEngine(prisma: PrismaClient, callers: number, seconds: number): Promise<ApiSideSummary> {
  const latencies: number[] = [];
  let failures = 0;
  const started = performance.now();
  const until = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: callers }, async () => {
      while (performance.now() < until) {
        const t0 = performance.now();
        try {
          await jobRequested(prisma, { jobType: JOB_TYPE, target: { type: "document", id: uuidv7() }, sender: "bench", source: "api" });
          latencies.push(performance.now() - t0);
        } catch (error) {
          failures++;
          if (failures === 1) console.warn("bench api: an in-process request failed:", error);
        }
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return { requestsPerSecond: latencies.length / elapsed, p50Ms: percentile(latencies, 50), p95Ms: percentile(latencies, 95), failures };
}

async function measureWebhooks(prisma: PrismaClient, rounds: number, log: (line: string) => void): Promise<WebhookRow[]> {
  const receiver = await startWebhookReceiver();
  try {
    const rows: WebhookRow[] = [];
    for (const concurrency of WEBHOOK_CONCURRENCY) {
      const perSecond: number[] = [];
      let allVerified = true;
      for (let round = 0; round <= rounds; round++) {
        const hookPath = `/bench-${concurrency}-${round}`;
        const endpoint = await createWebhookEndpoint(
          prisma,
          { url: receiver.url(hookPath), eventTypes: ["job.completed"] },
          { allowPrivate: true },
        );
        receiver.secretFor(hookPath, endpoint.secret);
        // The outbox rows first (as the changes' transactions write them), then only the sending is timed.
        const ids: string[] = [];
        for (let i = 0; i < DELIVERIES_PER_ROUND; i++) ids.push((await sendTestWebhook(prisma, endpoint.id)).deliveryId);
        const options = { timeoutMs: 10_000, disableAfterFailures: Number.MAX_SAFE_INTEGER, allowPrivate: true, finalAttempt: true };
        let next = 0;
        let failed = 0;
        const started = performance.now();
        await Promise.all(
          Array.from({ length: concurrency }, async () => {
            while (next < ids.length) {
              const outcome = await deliverWebhook(prisma, ids[next++]!, options);
              if (outcome.status !== "delivered") failed++;
            }
          }),
        );
        const rate = ids.length / ((performance.now() - started) / 1000);
        const received = receiver.received.filter((r) => r.path === hookPath);
        const verified = received.length === ids.length && received.every((r) => r.verified) && failed === 0;
        await prisma.webhookEndpoint.update({ where: { id: endpoint.id }, data: { enabled: false } });
        receiver.received.length = 0;
        // Round 0 warms up (connections, JIT) and is not counted.
        if (round === 0) continue;
        perSecond.push(rate);
        allVerified &&= verified;
        log(
          `  webhooks at ${concurrency}: round ${round}: ${rate.toFixed(1)} deliveries/s${verified ? "" : " (NOT all delivered and verified)"}`,
        );
      }
      rows.push({
        concurrency,
        deliveriesPerRound: DELIVERIES_PER_ROUND,
        deliveriesPerSecond: median(perSecond),
        roundPerSecond: perSecond,
        allVerified,
      });
    }
    return rows;
  } finally {
    await receiver.close();
  }
}

async function exists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false,
  );
}

/** The API section of `npm run bench`; builds the app only when the HTTP section did not (or no build exists). */
export async function runApiBench(options: BenchOptions): Promise<ApiBenchReport> {
  if (!options.api.enabled) return { ran: false, reason: options.api.reason };
  const { seconds, rounds, connections } = options.api;
  const log = options.log;
  const loadStart = loadAverage();
  const url = siblingUrl(options.databaseUrl, "api");
  log(
    `API section on ${redactUrl(url)}: POST /api/v1/jobs at ${connections} connections against jobRequested in process; webhook deliveries to a loopback receiver`,
  );
  await prepareBenchDatabase(url);
  // The webhook outbox enqueues on pg-boss once it has seen pg-boss's tables in
  // this process (the main bench database has them): this database needs them too.
  await installQueues(url);
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  // Its own database: start each run empty, so runs are alike.
  const empty = () =>
    admin.query(`TRUNCATE ${JOBS_TABLE}, webhook_events, webhook_endpoints, api_idempotency_keys, api_rate_limits, api_keys CASCADE`);
  await empty();

  if (options.api.build || !(await exists(path.join(BENCH_DIST_DIR, "BUILD_ID")))) await buildApp(log);
  const prisma = createPrismaClient({ connectionString: url, max: options.poolSize });
  const stopJobs = startJobs();
  const key = (await createApiKey(prisma, { name: "bench", scopes: ["jobs:write"] })).key;
  // The same pool size on both sides; the rate limit out of the way (it is one statement per request, and still counted).
  const app = await startApp(url, log, { DATABASE_POOL_MAX: String(options.poolSize), API_RATE_LIMIT_PER_MINUTE: "100000" });
  try {
    const check = await fetch(`${app.url}/api/v1/jobs`, {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body: requestBody(),
    });
    if (check.status !== 201) throw new Error(`POST /api/v1/jobs answered ${check.status}: ${await check.text()}`);
    // Warm-up: JIT, pools, Next's route compilation caches.
    await loadApi(app.url, key, connections, 3);
    await loadEngine(prisma, connections, 3);
    const api: ApiSideSummary[] = [];
    const engine: ApiSideSummary[] = [];
    for (let round = 0; round < rounds; round++) {
      // Taking turns, so a burst of load from elsewhere on the machine does not fall on one side only.
      if (round % 2 === 0) {
        api.push(await loadApi(app.url, key, connections, seconds));
        engine.push(await loadEngine(prisma, connections, seconds));
      } else {
        engine.push(await loadEngine(prisma, connections, seconds));
        api.push(await loadApi(app.url, key, connections, seconds));
      }
      log(
        `  api round ${round + 1}: POST /api/v1/jobs ${api.at(-1)!.requestsPerSecond.toFixed(1)} req/s, in process ${engine.at(-1)!.requestsPerSecond.toFixed(1)} req/s`,
      );
    }
    await app.stop();
    const webhooks = await measureWebhooks(prisma, rounds, log);
    const summary = (s: ApiSideSummary[]): ApiSideSummary => ({
      requestsPerSecond: median(s.map((x) => x.requestsPerSecond)),
      p50Ms: median(s.map((x) => x.p50Ms)),
      p95Ms: median(s.map((x) => x.p95Ms)),
      failures: s.reduce((n, x) => n + x.failures, 0),
    });
    const roundRatios = api.map((a, i) => a.requestsPerSecond / engine[i]!.requestsPerSecond);
    return {
      ran: true,
      database: redactUrl(url),
      connections,
      secondsPerRound: seconds,
      rounds,
      poolSize: options.poolSize,
      jobType: JOB_TYPE,
      api: summary(api),
      engine: summary(engine),
      ratio: median(roundRatios),
      roundRatios,
      webhooks,
      load: { start: loadStart, end: loadAverage() },
    };
  } finally {
    await app.stop();
    stopJobs();
    await empty();
    await admin.end();
    await prisma.$disconnect();
  }
}

export function formatApiReport(report: ApiBenchReport): string {
  if (!report.ran) return `API section: skipped (${report.reason})`;
  const side = (name: string, s: ApiSideSummary) =>
    `  ${name.padEnd(26)} ${s.requestsPerSecond.toFixed(1).padStart(8)} req/s   p50 ${s.p50Ms.toFixed(1)} ms   p95 ${s.p95Ms.toFixed(1)} ms   failures ${s.failures}`;
  return [
    `API section (${report.database}; ${report.connections} connections, ${report.rounds} rounds of ${report.secondsPerRound} s, pool ${report.poolSize}; load ${report.load.start.join(" ")} → ${report.load.end.join(" ")})`,
    side("POST /api/v1/jobs", report.api),
    side("jobRequested in process", report.engine),
    `  API ÷ in process: ${report.ratio.toFixed(2)} (rounds ${report.roundRatios.map((r) => r.toFixed(2)).join(", ")})`,
    ...report.webhooks.map(
      (w) =>
        `  webhook deliveries at ${String(w.concurrency).padStart(2)} at once: ${w.deliveriesPerSecond.toFixed(1)}/s (rounds ${w.roundPerSecond.map((r) => r.toFixed(1)).join(", ")}; ${w.deliveriesPerRound} per round; ${w.allVerified ? "all delivered and verified" : "NOT all delivered and verified"})`,
    ),
  ].join("\n");
}
