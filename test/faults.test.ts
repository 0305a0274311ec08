import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";
import pg from "pg";
import { afterAll, afterEach, beforeAll, describe, expect, onTestFailed, test } from "vitest";
import { createPrismaClient, type PrismaClient } from "@/lib/db/client";
import { migrate } from "@/lib/db/migrate";
import { jobCompleted, jobRequested } from "@/lib/jobs";
import { connectNotificationReceivers } from "@/lib/notifications/connect-notification-receivers";
import { type SmtpInbox, startSmtpInbox } from "@/lib/notifications/testing/start-smtp-inbox";
import { createUser, uniqueId } from "./fixtures";
import { createPostgresCluster, type PostgresCluster } from "./postgres-cluster";
import { JOBS_TABLE, JOB_EVENTS_TABLE } from "@/lib/jobs/jobs-schema";

// Faults, measured: the database crashes (`pg_ctl stop -m immediate`: every
// server process gone at once, no checkpoint) in the middle of work and comes
// back. Whatever the app was told had been written must still be there, once;
// the app's own pool must serve again without restarting the app; the
// notification worker must neither lose an email it recorded as sent nor send
// one twice. The cluster is this file's own (initdb into a temporary folder).

let cluster: PostgresCluster;
let prisma: PrismaClient;

beforeAll(async () => {
  cluster = await createPostgresCluster();
  await migrate(cluster.url);
  prisma = createPrismaClient({ connectionString: cluster.url, max: 4 });
}, 180_000);
afterAll(async () => {
  await prisma?.$disconnect();
  await cluster?.destroy();
}, 60_000);

/** Resolves once `check` is true, polling; rejects naming `what` after `ms`. */
async function until(what: string, ms: number, check: () => boolean | Promise<boolean>): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** A fresh connection for checking, outside the app's pool. */
async function inspect<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: cluster.url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

describe("requests and completions across a crash", () => {
  test("every acknowledged write is there, none twice, and the app's pool serves again", async () => {
    const jobType = "onboarding.read-guide";
    const requested = new Map<string, string>(); // target -> job id the app was given
    const completed = new Set<string>(); // targets whose completion the app was told of
    const tried = new Set<string>();
    let failures = 0;
    let ackedAfterRestart = 0;
    let restarted = false;
    let stop = false;
    const deadline = Date.now() + 90_000;

    // As a client would: retry what failed, the request idempotently, until
    // acknowledged (or the test is over). A retry after a commit whose answer
    // was lost must not make a second job.
    async function untilAcknowledged<T>(write: () => Promise<T>): Promise<T | undefined> {
      for (;;) {
        try {
          return await write();
        } catch {
          failures++;
          if (stop || Date.now() > deadline) return undefined;
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
      }
    }

    async function lane(n: number) {
      for (let i = 0; !stop && Date.now() < deadline; i++) {
        const target = { type: "user", id: uniqueId(`lane${n}`) };
        tried.add(target.id);
        const request = await untilAcknowledged(() => jobRequested(prisma, { target, jobType, idempotent: true }));
        if (!request) return;
        requested.set(target.id, request.job.id);
        if (restarted) ackedAfterRestart++;
        if (i % 2 === 0) {
          const done = await untilAcknowledged(() => jobCompleted(prisma, { target, jobType, source: "system" }));
          if (!done) return;
          expect(done.job?.id).toBe(request.job.id);
          completed.add(target.id);
          if (restarted) ackedAfterRestart++;
        }
      }
    }

    const lanes = [1, 2, 3, 4].map(lane);
    try {
      await until("40 acknowledged requests before the crash", 30_000, () => requested.size >= 40);
      const ackedBeforeCrash = requested.size;
      await cluster.crash();
      const crashedAt = Date.now();
      await until("the app noticing the database is gone", 15_000, () => failures > 0);
      await cluster.start();
      restarted = true;
      const restartedAt = Date.now();
      // The same PrismaClient and pool: nothing in the app was restarted.
      await until("40 acknowledged writes after the restart", 45_000, () => ackedAfterRestart >= 40);
      console.info(
        `faults: ${ackedBeforeCrash} requests acknowledged before the crash, ${failures} failed attempts while down ` +
          `(${restartedAt - crashedAt} ms down), first 40 writes after the restart within ${Date.now() - restartedAt} ms`,
      );
    } finally {
      stop = true;
      await Promise.all(lanes);
    }

    const rows = await inspect(async (client) => {
      const { rows } = await client.query<{ target_id: string; id: string; status: string; requested: number; completed: number }>(
        `SELECT j.target_id, j.id::text, j.status::text,
                (SELECT count(*)::int FROM ${JOB_EVENTS_TABLE} e WHERE e.job_id = j.id AND e.kind = 'requested') AS requested,
                (SELECT count(*)::int FROM ${JOB_EVENTS_TABLE} e WHERE e.job_id = j.id AND e.kind = 'completed') AS completed
         FROM ${JOBS_TABLE} j WHERE j.target_id = ANY($1::text[])`,
        [[...tried]],
      );
      return rows;
    });
    const byTarget = new Map<string, typeof rows>();
    for (const r of rows) byTarget.set(r.target_id, [...(byTarget.get(r.target_id) ?? []), r]);

    // None twice: whatever was tried, acknowledged or not, has at most one job.
    expect([...byTarget].filter(([, jobs]) => jobs.length > 1)).toEqual([]);
    // Every acknowledged request: its job, the one the app was given, with one event.
    const lost = [...requested].filter(([target, id]) => byTarget.get(target)?.[0]?.id !== id);
    expect(lost).toEqual([]);
    for (const [target] of requested) expect(byTarget.get(target)![0]!.requested, target).toBe(1);
    // Every acknowledged completion: completed, one event.
    const notCompleted = [...completed].filter((target) => {
      const job = byTarget.get(target)![0]!;
      return job.status !== "completed" || job.completed !== 1;
    });
    expect(notCompleted).toEqual([]);
  }, 150_000);
});

describe("the notification worker across a crash", () => {
  let inbox: SmtpInbox;
  const workers: ChildProcess[] = [];
  let workerOutput = "";

  let disconnect: (() => void) | undefined;

  beforeAll(async () => {
    inbox = await startSmtpInbox();
  });
  afterEach(() => {
    for (const child of workers.splice(0)) {
      try {
        process.kill(-child.pid!, "SIGKILL");
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "ESRCH") throw error;
      }
    }
  });
  afterAll(async () => {
    disconnect?.();
    await inbox?.close();
  });

  /**
   * `npm run worker` as production runs it, with this test as its supervisor:
   * a worker that exits 1 (as it does when the database vanishes under
   * pg-boss) is started again. Returns a function that stops supervising.
   */
  function superviseWorker(): { restarts: () => number; running: () => Promise<void>; stop: () => Promise<void> } {
    let restarts = 0;
    let supervising = true;
    let current: ChildProcess;
    let ready: Promise<void>;
    const launch = () => {
      const child = spawn("npm", ["run", "--silent", "worker"], {
        cwd: path.join(import.meta.dirname, ".."),
        detached: true,
        env: {
          PATH: process.env.PATH ?? "",
          HOME: process.env.HOME ?? "/tmp",
          NODE_ENV: "production",
          AUTH_SECRET: "faults-test-secret-0123456789abcdef0123456789",
          APP_URL: "http://127.0.0.1:3999",
          DATABASE_URL: cluster.url,
          SMTP_URL: inbox.url,
          WORKER_POLL_SECONDS: "0.5",
          WORKER_CONCURRENCY: "2",
          // No sweep or scan on a clock during the test.
          WORKER_SCAN_CRON: "0 0 1 1 *",
        },
        stdio: ["ignore", "pipe", "pipe"],
      });
      workers.push(child);
      current = child;
      ready = new Promise<void>((resolve, reject) => {
        const onData = (chunk: Buffer) => {
          workerOutput += chunk.toString();
          if (workerOutput.slice(-4000).includes('"message":"worker running; stop with Ctrl+C"')) resolve();
        };
        child.stdout!.on("data", onData);
        child.stderr!.on("data", onData);
        child.on("exit", (code) => {
          reject(new Error(`worker exited with ${code} before it was running`));
          if (supervising && code !== 0) {
            restarts++;
            launch();
          }
        });
      });
      ready.catch(() => undefined);
    };
    launch();
    return {
      restarts: () => restarts,
      running: () => ready,
      async stop() {
        supervising = false;
        const child = current;
        if (child.exitCode !== null) return;
        const exited = new Promise((resolve) => child.on("exit", resolve));
        process.kill(-child.pid!, "SIGTERM");
        await exited;
      },
    };
  }

  const statusCounts = () =>
    inspect(async (client) => {
      const { rows } = await client.query<{ status: string; n: number }>(
        `SELECT status::text, count(*)::int AS n FROM notifications WHERE channel = 'email' GROUP BY 1 ORDER BY 1`,
      );
      return Object.fromEntries(rows.map((r) => [r.status, r.n]));
    });

  test("no email recorded as sent is lost or sent again, none goes twice, and delivery resumes", async () => {
    // The worker installs pg-boss and its queues on start; the receivers in
    // this process then enqueue as the web server does.
    // The worker's own log, where a failure's cause is.
    onTestFailed(() => console.error(`worker output (last 8000 characters):\n${workerOutput.slice(-8000)}`));
    const worker = superviseWorker();
    try {
      await within(60_000, "the worker starting", worker.running());
      disconnect = connectNotificationReceivers();

      // verify-email sends one email per request.
      const users = await Promise.all(Array.from({ length: 40 }, () => createUser(prisma)));
      const emailOf = new Map(users.map((u) => [u.id, u.email.toLowerCase()]));
      for (const u of users)
        await jobRequested(prisma, { target: { type: "user", id: u.id }, jobType: "onboarding.verify-email", assignedTo: u.id });

      await until("a dozen emails delivered before the crash", 60_000, () => inbox.messages.length >= 12);
      // Acknowledged: recorded as sent in the database (the worker's own word).
      const sentBefore = await inspect(async (client) =>
        (
          await client.query<{ recipient_id: string }>(
            `SELECT recipient_id::text FROM notifications WHERE channel = 'email' AND status = 'sent'`,
          )
        ).rows.map((r) => r.recipient_id),
      );
      await cluster.crash();
      await cluster.start();
      const atRestart = await statusCounts();

      // New work after the restart goes through: the worker serves again.
      const later = await Promise.all(Array.from({ length: 5 }, () => createUser(prisma)));
      for (const u of later)
        await jobRequested(prisma, { target: { type: "user", id: u.id }, jobType: "onboarding.verify-email", assignedTo: u.id });
      const laterEmails = later.map((u) => u.email.toLowerCase());
      await until("the emails requested after the restart delivered", 90_000, () => laterEmails.every((e) => inbox.to(e).length > 0));

      const received = new Map<string, number>();
      for (const m of inbox.messages) for (const to of m.to) received.set(to.toLowerCase(), (received.get(to.toLowerCase()) ?? 0) + 1);
      // None twice, of all that went out.
      expect([...received].filter(([, n]) => n > 1)).toEqual([]);
      // Every email recorded as sent before the crash: received once, still recorded sent.
      expect(sentBefore.length).toBeGreaterThanOrEqual(1);
      expect(sentBefore.filter((id) => received.get(emailOf.get(id)!) !== 1)).toEqual([]);
      const stillSent = await inspect(
        async (client) =>
          (
            await client.query<{ n: number }>(
              `SELECT count(*)::int AS n FROM notifications WHERE channel = 'email' AND status = 'sent' AND recipient_id = ANY($1::uuid[])`,
              [sentBefore],
            )
          ).rows[0]!.n,
      );
      expect(stillSent).toBe(sentBefore.length);
      // Every email recorded as sent at all was received: the database never claims a delivery that did not happen.
      const sentNow = await inspect(
        async (client) =>
          (
            await client.query<{ email: string }>(
              `SELECT lower(u.email) AS email FROM notifications n JOIN users u ON u.id = n.recipient_id WHERE n.channel = 'email' AND n.status = 'sent'`,
            )
          ).rows,
      );
      expect(sentNow.filter((r) => received.get(r.email) !== 1)).toEqual([]);

      console.info(
        `faults (worker): ${sentBefore.length} of 40 recorded sent before the crash; at restart ${JSON.stringify(atRestart)}; ` +
          `after: ${JSON.stringify(await statusCounts())}; ${inbox.messages.length} received; worker restarts by the supervisor: ${worker.restarts()}`,
      );
    } finally {
      await worker.stop();
    }
  }, 240_000);
});

function within<T>(ms: number, what: string, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: not within ${ms} ms`)), ms);
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}
