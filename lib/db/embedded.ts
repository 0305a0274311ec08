import { mkdir } from "node:fs/promises";
import net from "node:net";
import { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";

// The embedded PostgreSQL: PGlite (PostgreSQL compiled to WebAssembly) served
// on loopback over the wire protocol, so `pg`, Prisma and pg-boss connect to it
// exactly as to a server. Used when DATABASE_URL is not set, and by the test
// suite's "embedded" project.

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
  const server = new PGLiteSocketServer({ db, host: "127.0.0.1", port, maxConnections: options.maxConnections ?? 24 });
  await server.start();
  return {
    url: `postgresql://postgres@127.0.0.1:${port}/postgres?sslmode=disable`,
    port,
    async stop() {
      await server.stop();
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
