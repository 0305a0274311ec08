import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readFile, writeFile } from "node:fs/promises";
import net from "node:net";
import path from "node:path";
import autocannon from "autocannon";
import { encode } from "next-auth/jwt";
import type { LoggedStatement } from "@/lib/db/statement-log";
import { median, percentile } from "./measure";

// The pages as people get them: `next start` on the bench database, loaded by
// autocannon with a fixed number of connections for a fixed time. The
// baseline is /health, a dynamic page of the same app that touches no
// database, so the ratio is what the page's own work (session, reads,
// rendering) costs on top of Next serving any dynamic page. Pages and
// baseline take turns, round after round, like the operations.

/** Built apart from `.next` so a bench never swaps the build under someone's Playwright run. */
export const BENCH_DIST_DIR = ".data/next-bench";
/** The lock the team's Playwright runs build under. */
const BUILD_LOCK = "/tmp/jtbd-e2e.lock";
/** Over plain http Auth.js names its cookie without the __Secure- prefix (see @auth/core lib/utils/cookie.js). */
export const SESSION_COOKIE = "authjs.session-token";

export interface HttpTarget {
  key: string;
  title: string;
  path: string;
  cookie: string | null;
  /** Text the page must contain, so a redirect to sign-in or an error page is not measured as a fast page. */
  expect: string;
}

export interface HttpSideSummary {
  requestsPerSecond: number;
  p50Ms: number;
  p95Ms: number;
  non2xx: number;
  errors: number;
}

export interface HttpResult {
  key: string;
  title: string;
  path: string;
  page: HttpSideSummary;
  baseline: HttpSideSummary;
  /** Median over rounds of page/baseline requests per second. */
  ratio: number;
  roundRatios: number[];
}

export interface HttpReport {
  ran: true;
  build: { built: boolean; seconds: number | null; distDir: string };
  connections: number;
  secondsPerRound: number;
  rounds: number;
  baselinePath: string;
  results: HttpResult[];
}

/** A session cookie Auth.js accepts: the same encrypted JWT it issues at sign-in, with our claims (lib/server/auth.ts). */
export async function mintSessionCookie(
  secret: string,
  user: { id: string; email: string; name: string | null; role: string },
): Promise<string> {
  const token = await encode({
    secret,
    salt: SESSION_COOKIE,
    token: { sub: user.id, role: user.role, email: user.email, name: user.name },
  });
  return `${SESSION_COOKIE}=${token}`;
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv, log: (line: string) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: ["ignore", "pipe", "pipe"] });
    const tail: string[] = [];
    const keep = (chunk: Buffer) => {
      for (const line of chunk.toString().split("\n")) if (line.trim()) tail.push(line);
      tail.splice(0, Math.max(0, tail.length - 40));
    };
    child.stdout.on("data", keep);
    child.stderr.on("data", keep);
    child.on("error", reject);
    child.on("exit", (code) => {
      if (code === 0) resolve();
      else {
        log(tail.join("\n"));
        reject(new Error(`${command} ${args.join(" ")} exited with ${code}`));
      }
    });
  });
}

/**
 * `next build` into BENCH_DIST_DIR under the team's build lock. Next rewrites
 * tsconfig.json and next-env.d.ts to point at its dist folder; both are shared
 * with everyone working in this tree, so they are put back as they were.
 */
export async function buildApp(log: (line: string) => void): Promise<number> {
  const shared = ["tsconfig.json", "next-env.d.ts"];
  const before = await Promise.all(
    shared.map((f) =>
      readFile(f, "utf8").catch((error: NodeJS.ErrnoException) => (error.code === "ENOENT" ? null : Promise.reject(error))),
    ),
  );
  const started = performance.now();
  log(`next build → ${BENCH_DIST_DIR} (under ${BUILD_LOCK}; may wait for a Playwright build to finish)`);
  try {
    await run(
      "flock",
      [BUILD_LOCK, path.join("node_modules", ".bin", "next"), "build"],
      { ...process.env, NEXT_DIST_DIR: BENCH_DIST_DIR, NEXT_TELEMETRY_DISABLED: "1", NODE_ENV: "production" },
      log,
    );
  } finally {
    for (const [i, file] of shared.entries()) {
      const content = before[i];
      if (content === null || content === undefined) continue;
      if ((await readFile(file, "utf8")) !== content) {
        await writeFile(file, content);
        log(`  put ${file} back as it was (next build had rewritten it for ${BENCH_DIST_DIR})`);
      }
    }
  }
  return (performance.now() - started) / 1000;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (address && typeof address === "object" ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

export interface RunningApp {
  url: string;
  secret: string;
  stop(): Promise<void>;
}

export async function startApp(
  databaseUrl: string,
  log: (line: string) => void,
  extraEnv: Record<string, string> = {},
  secret = randomBytes(32).toString("base64"),
  /** Flags for the server's Node (for example --cpu-prof, which NODE_OPTIONS may not carry). */
  nodeArgs: string[] = [],
): Promise<RunningApp> {
  const port = await freePort();
  const next = path.join("node_modules", "next", "dist", "bin", "next");
  const child: ChildProcess = spawn(process.execPath, [...nodeArgs, next, "start", "-p", String(port), "-H", "127.0.0.1"], {
    env: {
      ...process.env,
      NEXT_DIST_DIR: BENCH_DIST_DIR,
      DATABASE_URL: databaseUrl,
      AUTH_SECRET: secret,
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      ...extraEnv,
      // A production server refuses STATEMENT_LOG without this (lib/env.ts): the bench's database is throwaway.
      ...(extraEnv.STATEMENT_LOG ? { STATEMENT_LOG_I_UNDERSTAND: "bench" } : {}),
    },
    stdio: ["ignore", "pipe", "pipe"],
    // Its own process group, so stopping it stops whatever it started too.
    detached: true,
  });
  const output: string[] = [];
  const keep = (chunk: Buffer) => {
    output.push(chunk.toString());
    if (output.length > 200) output.shift();
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  let exited = false;
  child.on("exit", () => {
    exited = true;
  });
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (exited || child.pid === undefined) return;
    const gone = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    process.kill(-child.pid, "SIGTERM");
    const timer = setTimeout(() => {
      if (!exited && child.pid !== undefined) process.kill(-child.pid, "SIGKILL");
    }, 5000);
    await gone;
    clearTimeout(timer);
  };
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (exited) throw new Error(`next start exited before serving:\n${output.join("")}`);
    try {
      const res = await fetch(`${url}/health`);
      if (res.ok) break;
    } catch (error) {
      // Not listening yet: keep polling until the deadline.
      if (Date.now() > deadline) {
        await stop();
        throw new Error(`next start did not answer /health within 60 s: ${(error as Error).message}\n${output.join("")}`);
      }
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  log(`next start serving on ${url} (pid ${child.pid})`);
  return { url, secret, stop };
}

/** One fetch of a target: it must answer 200 with its expected text, or the load numbers would be about something else. */
export async function verifyTarget(url: string, target: HttpTarget): Promise<void> {
  const res = await fetch(`${url}${target.path}`, { headers: target.cookie ? { cookie: target.cookie } : {}, redirect: "manual" });
  const body = await res.text();
  if (res.status !== 200 || !body.includes(target.expect)) {
    throw new Error(
      `${target.path} answered ${res.status}${res.headers.get("location") ? ` → ${res.headers.get("location")}` : ""} without "${target.expect}": not measuring it`,
    );
  }
}

/**
 * The statements one request of each target sends, read from the server's own
 * statement log (STATEMENT_LOG, lib/db/statement-log.ts): the layout, the
 * session lookup and every read of the page, none listed by hand. Each target
 * is requested once to warm up, then once with the log emptied just before.
 * Requests go one at a time, so what is in the log is that request's.
 */
export async function capturePageStatements(
  url: string,
  targets: HttpTarget[],
  logFile: string,
): Promise<{ target: HttpTarget; statements: LoggedStatement[] }[]> {
  const out: { target: HttpTarget; statements: LoggedStatement[] }[] = [];
  for (const target of targets) {
    await verifyTarget(url, target);
    await writeFile(logFile, "");
    await verifyTarget(url, target);
    const lines = (await readFile(logFile, "utf8")).split("\n").filter(Boolean);
    out.push({ target, statements: lines.map((line) => JSON.parse(line) as LoggedStatement) });
  }
  return out;
}

async function load(url: string, target: HttpTarget, connections: number, seconds: number): Promise<HttpSideSummary> {
  const latencies: number[] = [];
  const instance = autocannon({
    url: `${url}${target.path}`,
    connections,
    duration: seconds,
    headers: target.cookie ? { cookie: target.cookie } : {},
    timeout: 30,
  });
  instance.on("response", (_client: unknown, _status: number, _bytes: number, ms: number) => {
    latencies.push(ms);
  });
  const result = await instance;
  latencies.sort((a, b) => a - b);
  return {
    requestsPerSecond: result.requests.total / result.duration,
    p50Ms: percentile(latencies, 50),
    p95Ms: percentile(latencies, 95),
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  };
}

export async function loadTest(
  url: string,
  targets: HttpTarget[],
  baselineTarget: HttpTarget,
  options: { connections: number; seconds: number; rounds: number },
  log: (line: string) => void,
): Promise<HttpResult[]> {
  for (const t of [baselineTarget, ...targets]) await verifyTarget(url, t);
  // Warm-up: compile caches, connection pools, JIT.
  for (const t of [baselineTarget, ...targets]) await load(url, t, options.connections, 3);
  const results: HttpResult[] = [];
  for (const target of targets) {
    const page: HttpSideSummary[] = [];
    const base: HttpSideSummary[] = [];
    for (let round = 0; round < options.rounds; round++) {
      const order = round % 2 === 0 ? ([target, baselineTarget] as const) : ([baselineTarget, target] as const);
      for (const t of order) (t === target ? page : base).push(await load(url, t, options.connections, options.seconds));
      log(
        `  http ${target.key} round ${round + 1}: page ${page.at(-1)!.requestsPerSecond.toFixed(1)} req/s, /health ${base.at(-1)!.requestsPerSecond.toFixed(1)} req/s`,
      );
    }
    const summary = (s: HttpSideSummary[]): HttpSideSummary => ({
      requestsPerSecond: median(s.map((x) => x.requestsPerSecond)),
      p50Ms: median(s.map((x) => x.p50Ms)),
      p95Ms: median(s.map((x) => x.p95Ms)),
      non2xx: s.reduce((n, x) => n + x.non2xx, 0),
      errors: s.reduce((n, x) => n + x.errors, 0),
    });
    const roundRatios = page.map((p, i) => p.requestsPerSecond / base[i]!.requestsPerSecond);
    results.push({
      key: target.key,
      title: target.title,
      path: target.path,
      page: summary(page),
      baseline: summary(base),
      ratio: median(roundRatios),
      roundRatios,
    });
  }
  return results;
}
