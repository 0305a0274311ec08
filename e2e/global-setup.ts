import type { FullConfig } from "@playwright/test";
import pg from "pg";
import { migrate } from "../lib/db/migrate";
import { E2E_DATABASE_URL } from "./database-url";

/**
 * A fresh, migrated database for the run: dropped (closing any connection to
 * it), created and migrated. Playwright starts the web server BEFORE global
 * setup, so the server must not touch the database until the first test: its
 * readiness check hits a static file for that reason (playwright.config.ts).
 *
 * Then a notification worker for that database, as production runs one beside
 * the web server: it delivers the emails (captured in the database, since the
 * server has no SMTP_URL, and shown on the dev mailbox). The returned function
 * is Playwright's global teardown: it stops the worker.
 */
export default async function globalSetup(config: FullConfig): Promise<() => Promise<void>> {
  const url = new URL(E2E_DATABASE_URL);
  const name = decodeURIComponent(url.pathname.slice(1));
  // It goes into DROP DATABASE as an identifier: accept only a plain name.
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`E2E_DATABASE_URL must name a plain database (got "${name}")`);

  const adminUrl = new URL(url);
  adminUrl.pathname = "/postgres";
  const admin = new pg.Client({ connectionString: adminUrl.toString() });
  try {
    await admin.connect();
  } catch (error) {
    throw new Error(
      `End-to-end tests need PostgreSQL at ${adminUrl.host} (set E2E_DATABASE_URL). ` +
        "On this machine: pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start",
      { cause: error },
    );
  }
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  await migrate(url.toString());

  const worker = await startWorker(config);
  return () => worker.stop();
}

/**
 * Started only now, on the new database: pg-boss installs its schema there
 * (the drop above took the last run's with it) before the first test signs
 * anyone up, so the web server's sign-ups enqueue their emails at once.
 *
 * The worker signs the links in emails, so it needs the web server's secret,
 * and writes them for the address the tests open.
 */
async function startWorker(config: FullConfig) {
  const server = config.webServer;
  const secret = server?.env?.AUTH_SECRET;
  if (!secret)
    throw new Error("playwright.config.ts: webServer.env.AUTH_SECRET is needed to sign the links in emails the same way as the server");
  process.env.AUTH_SECRET = secret;
  const appUrl = config.projects[0]?.use.baseURL;
  if (!appUrl) throw new Error("playwright.config.ts: use.baseURL is needed for the links in emails");

  // Imported after AUTH_SECRET is set, so nothing reads the environment before it is right.
  const { startNotificationWorker } = await import("../lib/notifications");
  return startNotificationWorker({
    connectionString: E2E_DATABASE_URL,
    appUrl,
    pollingIntervalSeconds: 0.5,
    // No reminder scan or expiry sweep on a clock: tests that need them run them.
    cron: false,
    poolMax: 2,
    name: "e2e-worker",
    // e2e/webhooks.spec.ts's receiver listens on loopback, like the server's WEBHOOKS_ALLOW_PRIVATE=on.
    webhooks: { allowPrivate: true, pollingIntervalSeconds: 0.5, retry: { retryDelay: 1 } },
  });
}
