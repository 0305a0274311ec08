import { type ChildProcess, spawn } from "node:child_process";
import { chmod, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { authenticate } from "@/lib/accounts/authenticate";
import { requestOnboardingJobs } from "@/lib/accounts/onboarding";
import { createPrismaClient, pgPoolOf, type PrismaClient } from "@/lib/db/client";
import { findFreePort } from "@/lib/db/embedded";
import { liveOnboardingFunnel, onboardingFunnel } from "@/lib/server/queries/onboarding-funnel";
import { rollUpOnboardingFunnel } from "@/lib/insights/roll-up-onboarding-funnel";
import { jobCompleted, jobRequested } from "@/lib/jobs";
import { startJobs } from "@/lib/jobs/start-jobs";
import { createMailer } from "@/lib/notifications/create-mailer";
import { type NotificationWorker, startNotificationWorker } from "@/lib/notifications/start-notification-worker";
import { type SmtpInbox, startSmtpInbox } from "@/lib/notifications/testing/start-smtp-inbox";
import { createTestDatabase, type TestDatabase } from "@/test/database";
import { uniqueId } from "@/test/fixtures";

// The app and the worker behind PgBouncer in transaction pooling (Debian's
// pgbouncer, started here on a free port in front of the test PostgreSQL):
// many client connections share 3 server connections, and a server
// connection goes back to the pool at the end of every transaction. What
// breaks there: session state across statements (SET, session advisory
// locks, LISTEN, temp tables) and named prepared statements (PgBouncer 1.18,
// Debian 12's, cannot track them; pg and Prisma's pg adapter send unnamed
// ones). Migrations take a session advisory lock: they run against
// PostgreSQL directly (README: running several instances).

const POOL_SIZE = 3;

let t: TestDatabase;
let bouncer: ChildProcess;
let dir: string;
let prisma: PrismaClient;
let inbox: SmtpInbox;
let worker: NotificationWorker | null = null;
let disconnect: () => void = () => undefined;
let bouncerUrl: string;

async function startPgBouncer(database: string): Promise<{ process: ChildProcess; url: string }> {
  dir = await mkdtemp(path.join(tmpdir(), "jtbd-pgbouncer-"));
  const port = await findFreePort();
  await writeFile(path.join(dir, "users.txt"), `"postgres" ""\n`);
  await writeFile(
    path.join(dir, "pgbouncer.ini"),
    [
      "[databases]",
      `${database} = host=127.0.0.1 port=5432 dbname=${database}`,
      "[pgbouncer]",
      "listen_addr = 127.0.0.1",
      `listen_port = ${port}`,
      // TCP only, no pidfile: nothing to write in a folder the postgres user may not own.
      "unix_socket_dir =",
      "auth_type = trust",
      `auth_file = ${path.join(dir, "users.txt")}`,
      "pool_mode = transaction",
      `default_pool_size = ${POOL_SIZE}`,
      `max_db_connections = ${POOL_SIZE}`,
      "max_client_conn = 200",
      // pg-boss and the pg driver send these start-up parameters.
      "ignore_startup_parameters = extra_float_digits,options",
      "",
    ].join("\n"),
  );
  // PgBouncer refuses to run as root; on a CI machine that is root, it drops to the postgres user.
  await chmod(dir, 0o755);
  const args = process.getuid?.() === 0 ? ["-u", "postgres", path.join(dir, "pgbouncer.ini")] : [path.join(dir, "pgbouncer.ini")];
  const child = spawn("pgbouncer", args, { stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const url = `postgresql://postgres@127.0.0.1:${port}/${database}`;
  const deadline = Date.now() + 15_000;
  for (;;) {
    const client = new pg.Client({ connectionString: url });
    try {
      await client.connect();
      await client.query("SELECT 1");
      await client.end();
      return { process: child, url };
    } catch (error) {
      await client.end().catch(() => undefined);
      if (Date.now() > deadline || child.exitCode !== null) throw new Error(`pgbouncer did not start: ${String(error)}\n${stderr}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

beforeAll(async () => {
  t = await createTestDatabase();
  const started = await startPgBouncer(new URL(t.url).pathname.slice(1));
  bouncer = started.process;
  bouncerUrl = started.url;
  // Four times as many client connections as PgBouncer has server connections.
  prisma = createPrismaClient({ connectionString: bouncerUrl, max: 4 * POOL_SIZE });
  inbox = await startSmtpInbox();
  disconnect = startJobs();
}, 60_000);

afterAll(async () => {
  disconnect();
  await worker?.stop();
  await prisma?.$disconnect();
  await inbox?.close();
  bouncer?.kill("SIGTERM");
  await t?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe("behind PgBouncer in transaction pooling", () => {
  test(
    "the worker starts, requests and completions with receivers write their rows, emails go out, the funnel rolls up",
    { timeout: 120_000 },
    async () => {
      worker = await startNotificationWorker({
        connectionString: bouncerUrl,
        poolMax: 4,
        mailer: createMailer({ smtpUrl: inbox.url, from: "jtbd <no-reply@jtbd.test>", timeoutMs: 5_000 }),
        appUrl: "http://app.test",
        pollingIntervalSeconds: 0.5,
        cron: false,
        concurrency: 2,
      });

      const people = await Promise.all(
        Array.from({ length: 12 }, (_, i) => prisma.user.create({ data: { email: `bouncer-${i}-${uniqueId()}@example.test` } })),
      );
      // Onboarding requests at once: each a transaction with receivers (notifications, pg-boss jobs, webhook outbox).
      await Promise.all(people.map((p) => requestOnboardingJobs(prisma, p.id)));
      const reviews = await Promise.all(
        Array.from({ length: 12 }, () =>
          jobRequested(prisma, { target: { type: "document", id: uniqueId("doc") }, jobType: "staff.review-document" }),
        ),
      );
      await Promise.all([
        ...people.map((p) =>
          jobCompleted(prisma, { target: { type: "user", id: p.id }, jobType: "onboarding.read-guide", source: "user", by: p.id }),
        ),
        ...reviews.map((r) =>
          jobCompleted(prisma, {
            target: { type: r.job.targetType, id: r.job.targetId },
            jobType: "staff.review-document",
            source: "staff",
          }),
        ),
      ]);

      const ids = people.map((p) => p.id);
      const [jobs] = await t.prisma.$queryRaw<{ pending: number; completed: number }[]>`
      SELECT count(*) FILTER (WHERE status = 'pending')::int AS pending, count(*) FILTER (WHERE status = 'completed')::int AS completed
      FROM jtbd.jobs WHERE target_id = ANY(${ids}::text[])`;
      expect(jobs).toEqual({ pending: 12 * 4, completed: 12 });
      // verify-email sends an email and an in-app notification to each person; read-guide's in-app one is resolved.
      const notes = await t.prisma.notification.groupBy({ by: ["channel"], where: { recipientId: { in: ids } }, _count: true });
      expect(Object.fromEntries(notes.map((n) => [n.channel, n._count]))).toEqual({ email: 12, in_app: 12 * 5 });
      expect(await t.prisma.notification.count({ where: { recipientId: { in: ids }, channel: "in_app", resolvedAt: { not: null } } })).toBe(
        12,
      );

      // The worker (pg-boss through PgBouncer) delivers every verification email.
      const deadline = Date.now() + 60_000;
      while (people.some((p) => inbox.to(p.email).length === 0) && Date.now() < deadline)
        await new Promise((resolve) => setTimeout(resolve, 200));
      expect(people.filter((p) => inbox.to(p.email).length !== 1)).toEqual([]);

      // The funnel's roll-up: row lock and transaction ids, no session state.
      for (let i = 0; i < 4; i++) await rollUpOnboardingFunnel(pgPoolOf(prisma)!);
      const [summary, live] = [await onboardingFunnel(prisma), await liveOnboardingFunnel(prisma)];
      const counts = (f: typeof summary) => f.steps.map(({ medianSecondsToComplete: _m, p90SecondsToComplete: _p, ...s }) => s);
      expect(counts(summary)).toEqual(counts(live));
    },
  );

  test("the sign-in throttle holds: 20 wrong passwords at once for one address, at most 5 evaluated", async () => {
    const user = await prisma.user.create({ data: { email: `${uniqueId("throttle")}@example.test` } });
    let evaluated = 0;
    const verifyPassword = async () => {
      evaluated += 1;
      return false;
    };
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        authenticate(prisma, { email: user.email, password: `wrong ${i}`, clientAddress: `198.51.100.${i % 3}` }, { verifyPassword }),
      ),
    );
    expect(evaluated).toBeLessThanOrEqual(5);
    expect(results.filter((r) => !r.ok && r.reason === "wrong_password")).toHaveLength(4);
    expect(results.filter((r) => !r.ok && r.reason === "rate_limited")).toHaveLength(16);
  });
});
