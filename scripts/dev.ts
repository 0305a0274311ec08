import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { migrate } from "@/lib/db/migrate";
import { resolveDatabaseUrl } from "@/lib/db/resolve-url";
import { env } from "@/lib/env";
import { startNotificationWorker, type NotificationWorker } from "@/lib/notifications";
import { DEMO_ACCOUNTS, DEMO_PASSWORD, DEMO_TEAMMATES, seed } from "@/prisma/seed";

// `npm run dev` / `npm run demo`: everything the app needs, in one process
// tree. Uses DATABASE_URL when set; otherwise serves the embedded PostgreSQL
// (PGlite, data in .data/pglite) on loopback for the app to connect to. Then
// migrates, seeds an empty database (--demo), starts the notification worker
// (pg-boss: deliveries, reminder scan, expiry sweep) in this process, and runs
// `next dev`.

const demo = process.argv.includes("--demo");
const port = Number(process.env.PORT ?? 3000);
const children: ChildProcess[] = [];
let worker: NotificationWorker | undefined;

const database = await resolveDatabaseUrl();
let stopping = false;
async function shutdown(code: number) {
  if (stopping) return;
  stopping = true;
  for (const child of children) child.kill("SIGTERM");
  await Promise.all(children.map((c) => (c.exitCode === null ? new Promise((r) => c.once("exit", r)) : null)));
  // The worker finishes the deliveries it is running, then closes its pools.
  await worker?.stop().catch((error: unknown) => console.error("The notification worker did not stop cleanly:", error));
  // PGlite writes its files on close: always stop it cleanly, and last.
  await database.stop();
  process.exit(code);
}
process.on("SIGINT", () => void shutdown(0));
process.on("SIGTERM", () => void shutdown(0));
// This process holds the embedded database: dying on a stray rejection (pg-boss
// 10 completes jobs without awaiting the statement) would skip closing it.
// Log it and keep serving; the affected pg-boss job expires and is retried.
process.on("unhandledRejection", (reason) => console.error("Unhandled rejection (logged, still running):", reason));

try {
  console.log(
    database.embedded ? `Embedded PostgreSQL (PGlite) on ${database.url}, data in ${env.EMBEDDED_DB_DIR}` : "Using DATABASE_URL.",
  );
  const { applied } = await migrate(database.url);
  if (applied.length) console.log(`Applied migrations: ${applied.join(", ")}`);

  if (demo) {
    console.log("Seeding demo data (first start only)…");
    await seed(database.url);
  }

  // Links in emails are signed with AUTH_SECRET and must open on this server.
  process.env.AUTH_SECRET ??= await localAuthSecret();
  const appUrl = process.env.APP_URL ?? `http://localhost:${port}`;
  worker = await startNotificationWorker({
    connectionString: database.url,
    // PGlite answers one statement at a time: a couple of connections and one
    // delivery at a time are plenty.
    poolMax: database.embedded ? 2 : 5,
    concurrency: database.embedded ? 1 : undefined,
    appUrl,
    name: "dev-worker",
  });
  console.log(
    env.SMTP_URL
      ? "Notification worker running; emails go to SMTP_URL."
      : "Notification worker running; emails are captured for the dev mailbox (no SMTP_URL).",
  );

  const childEnv = {
    ...process.env,
    APP_URL: appUrl,
    DATABASE_URL: database.url,
    // PGlite answers one query at a time; a small pool is plenty.
    DATABASE_POOL_MAX: process.env.DATABASE_POOL_MAX ?? (database.embedded ? "4" : "10"),
    AUTH_SECRET: process.env.AUTH_SECRET,
    NEXT_TELEMETRY_DISABLED: "1",
    PORT: String(port),
  };
  const next = spawn(process.execPath, [path.join("node_modules", "next", "dist", "bin", "next"), "dev", "--port", String(port)], {
    env: childEnv,
    stdio: "inherit",
  });
  children.push(next);
  next.once("exit", (code) => void shutdown(code ?? 0));

  console.log(`\n  jtbd is starting on http://localhost:${port}`);
  if (demo) {
    console.log(`  Demo accounts (password for all: ${DEMO_PASSWORD}):`);
    for (const account of DEMO_ACCOUNTS) console.log(`    ${account.role.padEnd(8)} ${account.email}`);
    for (const mate of DEMO_TEAMMATES) console.log(`    ${mate.teamRole.padEnd(8)} ${mate.email} (in ${DEMO_ACCOUNTS[0].email}'s team)`);
  }
  console.log("  Stop with Ctrl+C.\n");
} catch (error) {
  console.error(error);
  await shutdown(1);
}

/** A random secret kept beside the embedded data, so sessions survive restarts without AUTH_SECRET. */
async function localAuthSecret(): Promise<string> {
  const file = path.join(".data", "auth-secret");
  if (existsSync(file)) return (await readFile(file, "utf8")).trim();
  await mkdir(".data", { recursive: true });
  const secret = randomBytes(32).toString("base64url");
  await writeFile(file, secret, { mode: 0o600 });
  return secret;
}
