import { randomBytes } from "node:crypto";
import { inject } from "vitest";
import { createPrismaClient, type PrismaClient } from "@/lib/db/client";
import { startEmbeddedPostgres } from "@/lib/db/embedded";
import { migrate } from "@/lib/db/migrate";
import { adminQuery, databaseUrl } from "./admin-url";

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
export async function createTestDatabase(
  options: { poolMax?: number; /** No migrations applied. */ empty?: boolean } = {},
): Promise<TestDatabase> {
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
  await adminQuery(options.empty ? `CREATE DATABASE ${name}` : `CREATE DATABASE ${name} TEMPLATE ${inject("templateDatabase")}`);
  const url = databaseUrl(name);
  const prisma = createPrismaClient({ connectionString: url, max: options.poolMax ?? 20 });
  return {
    url,
    kind: "postgres",
    prisma,
    async close() {
      await prisma.$disconnect();
      await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}
