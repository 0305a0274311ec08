import net from "node:net";
import path from "node:path";
import { env } from "@/lib/env";
import { startEmbeddedPostgres } from "./embedded";

export interface ResolvedDatabase {
  url: string;
  embedded: boolean;
  /** Stops the embedded server when this call started it; otherwise does nothing. */
  stop(): Promise<void>;
}

export function embeddedUrl(port = env.EMBEDDED_DB_PORT): string {
  return `postgresql://postgres@127.0.0.1:${port}/postgres?sslmode=disable`;
}

/**
 * DATABASE_URL when set. Otherwise the embedded database: the one already
 * serving on EMBEDDED_DB_PORT (the running demo), or a new one on the data
 * folder. Two processes must never open the same PGlite folder, hence the probe.
 */
export async function resolveDatabaseUrl(): Promise<ResolvedDatabase> {
  if (env.DATABASE_URL) return { url: env.DATABASE_URL, embedded: false, stop: async () => undefined };
  if (await isListening(env.EMBEDDED_DB_PORT)) {
    return { url: embeddedUrl(), embedded: true, stop: async () => undefined };
  }
  const server = await startEmbeddedPostgres({ dataDir: path.resolve(env.EMBEDDED_DB_DIR), port: env.EMBEDDED_DB_PORT });
  return { url: server.url, embedded: true, stop: server.stop };
}

function isListening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: "127.0.0.1", port });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}
