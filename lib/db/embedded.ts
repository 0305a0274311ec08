import { mkdir } from "node:fs/promises";
import net from "node:net";
import { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketHandler } from "@electric-sql/pglite-socket";
import { log } from "@/lib/log";
import { PGliteSessionQueue } from "./pglite-session-queue";

// The embedded PostgreSQL: PGlite (PostgreSQL compiled to WebAssembly) served
// on loopback over the wire protocol, so `pg`, Prisma and pg-boss connect to it
// exactly as to a server. Used when DATABASE_URL is not set, and by the test
// suite's "embedded" project. The socket handling is pglite-socket's; the
// server around it is ours so that connections take turns per exchange, not
// per message (see pglite-session-queue.ts).

export interface EmbeddedPostgres {
  url: string;
  port: number;
  stop(): Promise<void>;
}

export interface StartEmbeddedOptions {
  /** Folder to keep the data in; in memory when omitted. */
  dataDir?: string;
  /** Port on 127.0.0.1; a free one when omitted. */
  port?: number;
  /**
   * PGlite runs one query at a time, so connections beyond a handful only
   * queue. Pools connecting here must stay below this number in total.
   */
  maxConnections?: number;
}

export async function startEmbeddedPostgres(options: StartEmbeddedOptions = {}): Promise<EmbeddedPostgres> {
  if (options.dataDir) await mkdir(options.dataDir, { recursive: true });
  const db = await PGlite.create(options.dataDir);
  const port = options.port ?? (await findFreePort());
  const maxConnections = options.maxConnections ?? 24;
  // The handler only needs the queue's enqueue/clear methods, which ours has.
  const queue = new PGliteSessionQueue(db) as unknown as ConstructorParameters<typeof PGLiteSocketHandler>[0]["queryQueue"];
  const handlers = new Set<PGLiteSocketHandler>();

  const server = net.createServer((socket) => {
    if (handlers.size >= maxConnections) {
      socket.end(Buffer.from("Too many connections\n"));
      return;
    }
    const handler = new PGLiteSocketHandler({ queryQueue: queue, closeOnDetach: true });
    handlers.add(handler);
    handler.addEventListener("close", () => handlers.delete(handler));
    handler.addEventListener("error", () => handlers.delete(handler));
    handler.attach(socket).catch((error: unknown) => {
      handlers.delete(handler);
      log.warn("embedded database: a connection could not be attached", { error });
      socket.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve());
  });

  return {
    url: `postgresql://postgres@127.0.0.1:${port}/postgres?sslmode=disable`,
    port,
    async stop() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const handler of handlers) void handler.detach(true);
      });
      await db.close();
    },
  };
}

/** Asks the kernel for a free loopback port (the socket server cannot report one it picked). */
export function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      probe.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}
