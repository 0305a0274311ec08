import pg from "pg";
import { migrate } from "../lib/db/migrate";
import { E2E_DATABASE_URL } from "./database-url";

/**
 * A fresh, migrated database for the run: dropped (closing any connection to
 * it), created and migrated. Playwright starts the web server BEFORE global
 * setup, so the server must not touch the database until the first test: its
 * readiness check hits a static file for that reason (playwright.config.ts).
 */
export default async function globalSetup() {
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
}
