import { randomBytes } from "node:crypto";
import pg from "pg";
import { inject } from "vitest";
import { createPrismaClient, type PrismaClient } from "@/lib/db/client";
import { startEmbeddedPostgres } from "@/lib/db/embedded";
import { migrate } from "@/lib/db/migrate";
import { TEST_ADMIN_URL, databaseUrl } from "./admin-url";

export interface TestDatabase {
  url: string;
  kind: "postgres" | "embedded";
  prisma: PrismaClient;
  close(): Promise<void>;
}

/**
 * A fresh, migrated database for one test file: a clone of the run's template
 * on the PostgreSQL server, or (JTBD_TEST_DB=embedded) an in-memory PGlite.
 */
export async function createTestDatabase(options: { poolMax?: number; /** No migrations applied. */ empty?: boolean } = {}): Promise<TestDatabase> {
  if (process.env.JTBD_TEST_DB === "embedded") {
    const server = await startEmbeddedPostgres({ maxConnections: 64 });
    if (!options.empty) await migrate(server.url);
    const prisma = createPrismaClient({ connectionString: server.url, max: options.poolMax ?? 8 });
    return {
      url: server.url,
      kind: "embedded",
      prisma,
      async close() {
        await prisma.$disconnect();
        await server.stop();
      },
    };
  }

  const name = `jtbd_test_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: TEST_ADMIN_URL });
  await admin.connect();
  try {
    await admin.query(options.empty ? `CREATE DATABASE ${name}` : `CREATE DATABASE ${name} TEMPLATE ${inject("templateDatabase")}`);
  } finally {
    await admin.end();
  }
  const url = databaseUrl(name);
  const prisma = createPrismaClient({ connectionString: url, max: options.poolMax ?? 20 });
  return {
    url,
    kind: "postgres",
    prisma,
    async close() {
      await prisma.$disconnect();
      const client = new pg.Client({ connectionString: TEST_ADMIN_URL });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}
