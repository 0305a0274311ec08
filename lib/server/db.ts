import "server-only";
import { createPrismaClient, type PrismaClient } from "@/lib/db/client";
import { embeddedUrl } from "@/lib/db/resolve-url";
import { env } from "@/lib/env";

// One Prisma client per server process. Without DATABASE_URL the app talks to
// the embedded database that `npm run dev` / `npm run demo` serves on loopback.
// Kept on globalThis so `next dev` reloads do not open a new pool each time.

const globalForDb = globalThis as unknown as { jtbdPrisma?: PrismaClient };

function create(): PrismaClient {
  const embedded = !env.DATABASE_URL;
  return createPrismaClient({
    connectionString: env.DATABASE_URL ?? embeddedUrl(),
    // PGlite answers one query at a time: a few connections are plenty.
    max: env.DATABASE_POOL_MAX ?? (embedded ? 4 : 10),
    statementLogFile: env.STATEMENT_LOG,
  });
}

export const db: PrismaClient = (globalForDb.jtbdPrisma ??= create());
