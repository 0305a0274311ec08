import pg from "pg";
import type { TestProject } from "vitest/node";
import { migrate } from "@/lib/db/migrate";
import { adminQuery, TEST_ADMIN_URL, databaseUrl } from "./admin-url";

declare module "vitest" {
  export interface ProvidedContext {
    templateDatabase: string;
  }
}

// Migrates one template database per run; each test file then clones it
// (CREATE DATABASE … TEMPLATE), which is far faster than migrating each time.
export default async function setup(project: TestProject) {
  const name = `jtbd_test_template_${process.pid}`;
  const admin = new pg.Client({ connectionString: TEST_ADMIN_URL });
  try {
    await admin.connect();
  } catch (error) {
    throw new Error(
      `Tests need a PostgreSQL server at ${TEST_ADMIN_URL} (set TEST_DATABASE_URL). ` +
        `On this machine: pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start`,
      { cause: error },
    );
  }
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${name}`);
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  await migrate(databaseUrl(name));
  project.provide("templateDatabase", name);

  return () => adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
}
