import { randomBytes } from "node:crypto";
import net from "node:net";
import { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketHandler } from "@electric-sql/pglite-socket";
import pg from "pg";
import { type Database, fromPg } from "../../src/index.js";
import { PGliteSessionQueue } from "./pglite-session-queue.js";

// Each test file gets a database of its own: a fresh one on the PostgreSQL
// server (JTBD_ENGINE_DB=postgres, the default), or an in-memory PGlite served
// over the wire protocol (JTBD_ENGINE_DB=pglite), which `pg` reaches like a server.

export const ADMIN_URL = process.env.TEST_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

export interface TestDatabase {
  kind: "postgres" | "pglite";
  url: string;
  pool: pg.Pool;
  db: Database;
  /** A new pool on the same database (another "process"). */
  newPool(max?: number): pg.Pool;
  close(): Promise<void>;
}

export function databaseUrl(name: string): string {
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function adminQuery(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const pools: pg.Pool[] = [];
  const newPool = (url: string, max: number) => {
    const pool = new pg.Pool({ connectionString: url, max });
    pools.push(pool);
    return pool;
  };
  const endPools = () => Promise.all(pools.map((p) => p.end()));

  if (process.env.JTBD_ENGINE_DB === "pglite") {
    const server = await startPglite();
    const pool = newPool(server.url, 8);
    return {
      kind: "pglite",
      url: server.url,
      pool,
      db: fromPg(pool),
      newPool: (max = 4) => newPool(server.url, max),
      async close() {
        await endPools();
        await server.stop();
      },
    };
  }

  const name = `jtbd_engine_test_${randomBytes(6).toString("hex")}`;
  await adminQuery(`CREATE DATABASE ${name}`);
  const url = databaseUrl(name);
  const pool = newPool(url, 20);
  return {
    kind: "postgres",
    url,
    pool,
    db: fromPg(pool),
    newPool: (max = 10) => newPool(url, max),
    async close() {
      await endPools();
      await backendsGone(name);
      await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}

async function startPglite(): Promise<{ url: string; stop(): Promise<void> }> {
  const db = await PGlite.create();
  const queue = new PGliteSessionQueue(db) as unknown as ConstructorParameters<typeof PGLiteSocketHandler>[0]["queryQueue"];
  const handlers = new Set<PGLiteSocketHandler>();
  const server = net.createServer((socket) => {
    const handler = new PGLiteSocketHandler({ queryQueue: queue, closeOnDetach: true });
    handlers.add(handler);
    handler.addEventListener("close", () => handlers.delete(handler));
    handler.attach(socket).catch(() => {
      handlers.delete(handler);
      socket.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const address = server.address();
  if (!address || typeof address === "string") throw new Error("PGlite socket server has no port");
  return {
    url: `postgresql://postgres@127.0.0.1:${address.port}/postgres?sslmode=disable`,
    async stop() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const handler of handlers) void handler.detach(true);
      });
      await db.close();
    },
  };
}

/**
 * A pool's end() resolves once its clients have sent Terminate, a moment before
 * the server's backends exit. DROP … WITH (FORCE) in that moment signals a
 * backend whose client is closing, and its FATAL 57P01 then reaches that
 * client as an uncaught error. Wait (briefly, bounded) for them to go first.
 */
async function backendsGone(name: string, timeoutMs = 5_000): Promise<void> {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const { rows } = await client.query<{ n: number }>("SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1", [name]);
      if (rows[0]?.n === 0) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  } finally {
    await client.end();
  }
}
