import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/test/database";

// `npm run worker` as a supervisor sees it: the command the README gives, a
// real process on a real database, stopped with a signal sent to the process
// the supervisor started (npm) or crashing. The README promises exit 0 on
// SIGINT/SIGTERM after a clean stop, and 1 on a crash.

const root = path.join(import.meta.dirname, "..");

let t: TestDatabase;
let tmp: string;
let crashHook: string;

beforeAll(async () => {
  t = await createTestDatabase({ poolMax: 2 });
  tmp = await mkdtemp(path.join(tmpdir(), "jtbd-worker-test-"));
  // Loaded with --import into the worker's process (not npm's): once the
  // trigger file appears, a rejection nobody handles stands in
  // for a crash in pg-boss or the driver at run time.
  crashHook = path.join(tmp, "crash-on-trigger.mjs");
  await writeFile(
    crashHook,
    `import { existsSync } from "node:fs";
if (process.argv[1]?.endsWith("worker.ts")) {
  const timer = setInterval(() => {
    if (!existsSync(${JSON.stringify(path.join(tmp, "crash-now"))})) return;
    clearInterval(timer);
    Promise.reject(new Error("simulated crash"));
  }, 50);
  timer.unref();
}
`,
  );
});
afterAll(async () => {
  await t?.close();
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

// Whatever a test started and left running (a failed test) ends with it: the
// process group, so a worker that outlived npm goes too.
const started: ChildProcess[] = [];
afterEach(() => {
  for (const child of started.splice(0)) {
    try {
      process.kill(-child.pid!, "SIGKILL");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ESRCH") throw error;
    }
  }
});

interface Running {
  child: ChildProcess;
  output: () => string;
  /** Resolves when a log line with this message appears; rejects after `ms`. */
  logged: (message: string, ms?: number) => Promise<void>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function startWorker(env: Record<string, string>): Running {
  const child = spawn("npm", ["run", "--silent", "worker"], {
    cwd: root,
    // Its own process group, so a test that gives up can end everything it started.
    detached: true,
    // As a supervisor would start it in production; nothing inherited from the test run.
    env: {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? tmpdir(),
      NODE_ENV: "production",
      AUTH_SECRET: "worker-test-secret-0123456789abcdef0123456789",
      WORKER_POLL_SECONDS: "1",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  started.push(child);
  let out = "";
  const waiters: { message: string; resolve: () => void }[] = [];
  const onData = (chunk: Buffer) => {
    out += chunk.toString();
    for (const w of [...waiters]) if (out.includes(`"message":"${w.message}"`)) w.resolve();
  };
  child.stdout!.on("data", onData);
  child.stderr!.on("data", onData);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on("exit", (code, signal) => resolve({ code, signal })),
  );
  return {
    child,
    output: () => out,
    exited,
    logged: (message, ms = 30_000) =>
      new Promise<void>((resolve, reject) => {
        if (out.includes(`"message":"${message}"`)) return resolve();
        const timer = setTimeout(() => reject(new Error(`worker did not log "${message}" within ${ms} ms; output:\n${out}`)), ms);
        waiters.push({ message, resolve: () => (clearTimeout(timer), resolve()) });
        void exited.then(() => setTimeout(() => reject(new Error(`worker exited before logging "${message}"; output:\n${out}`)), 50));
      }),
  };
}

/** The exit, or a kill and a rejection after `ms`: no test waits forever on a stuck worker. */
async function exitWithin(w: Running, ms = 30_000) {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      process.kill(-w.child.pid!, "SIGKILL");
      reject(new Error(`worker did not exit within ${ms} ms; output:\n${w.output()}`));
    }, ms);
  });
  return Promise.race([w.exited, late]).finally(() => clearTimeout(timer));
}

async function connectionsTo(url: string): Promise<number> {
  const name = new URL(url).pathname.slice(1);
  const [{ n }] = await t.prisma.$queryRaw<[{ n: number }]>`
    SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = ${name} AND pid <> pg_backend_pid() AND application_name <> 'psql'`;
  return n;
}

describe("npm run worker", () => {
  test.each(["SIGTERM", "SIGINT"] as const)("%s: stops taking work, closes its connections, exits 0", async (signal) => {
    const before = await connectionsTo(t.url);
    const w = startWorker({ DATABASE_URL: t.url });
    await w.logged("worker running; stop with Ctrl+C");
    expect(await connectionsTo(t.url)).toBeGreaterThan(before);

    w.child.kill(signal);
    expect(await exitWithin(w)).toEqual({ code: 0, signal: null });
    expect(w.output()).toContain(`"message":"worker shutting down","signal":"${signal}"`);
    expect(w.output()).toContain('"message":"notification worker stopped"');
    expect(w.output()).not.toContain('"level":"error"');
    // Everything it opened is closed: the Prisma pool and pg-boss's.
    expect(await connectionsTo(t.url)).toBe(before);
  });

  test("a crash at run time (an unhandled rejection): logged, stopped, exit 1 for the supervisor", async () => {
    const w = startWorker({ DATABASE_URL: t.url, NODE_OPTIONS: `--import=${pathToFileURL(crashHook).href}` });
    await w.logged("worker running; stop with Ctrl+C");

    await writeFile(path.join(tmp, "crash-now"), "");
    expect(await exitWithin(w)).toEqual({ code: 1, signal: null });
    expect(w.output()).toContain('"message":"unhandled rejection in the worker"');
    expect(w.output()).toContain("simulated crash");
    expect(w.output()).toContain('"message":"notification worker stopped"');
  });

  test("a database it cannot reach at start: logged, exit 1", async () => {
    // A port nothing listens on: bound, closed, then handed to the worker.
    const port = await new Promise<number>((resolve) => {
      const server = createServer().listen(0, "127.0.0.1", () => {
        const { port } = server.address() as { port: number };
        server.close(() => resolve(port));
      });
    });
    const w = startWorker({ DATABASE_URL: `postgresql://postgres@127.0.0.1:${port}/nowhere` });
    expect(await exitWithin(w)).toEqual({ code: 1, signal: null });
    expect(w.output()).toContain('"message":"worker failed to start"');
  });
});
