import { execFile } from "node:child_process";
import { chown, mkdtemp, rm } from "node:fs/promises";
import { tmpdir, userInfo } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { findFreePort } from "@/lib/db/embedded";

const run = promisify(execFile);

/** Where Debian puts PostgreSQL's server programs; PG_BIN overrides. */
const PG_BIN = process.env.PG_BIN ?? "/usr/lib/postgresql/15/bin";

export interface PostgresCluster {
  url: string;
  port: number;
  dataDir: string;
  /** Starts the server (again); resolves once it accepts connections. */
  start(): Promise<void>;
  /** `pg_ctl stop -m immediate`: every server process quits at once, no checkpoint, as in a crash. */
  crash(): Promise<void>;
  /** Stops the server if it runs and deletes the cluster's files. */
  destroy(): Promise<void>;
}

/**
 * A PostgreSQL cluster of its own for one test file: initdb into a temporary
 * folder, its own free port on loopback, trust authentication. PostgreSQL
 * refuses to run as root, so as root the programs run as the `postgres` user
 * (runuser), in a folder that user owns.
 */
export async function createPostgresCluster(): Promise<PostgresCluster> {
  const root = await mkdtemp(path.join(tmpdir(), "jtbd-cluster-"));
  const asRoot = userInfo().uid === 0;
  const asOwner = async (program: string, args: string[], timeoutMs: number) => {
    const bin = path.join(PG_BIN, program);
    return asRoot ? run("runuser", ["-u", "postgres", "--", bin, ...args], { timeout: timeoutMs }) : run(bin, args, { timeout: timeoutMs });
  };
  if (asRoot) {
    const { stdout } = await run("id", ["-u", "postgres"]);
    const { stdout: gid } = await run("id", ["-g", "postgres"]);
    await chown(root, Number(stdout.trim()), Number(gid.trim()));
  }
  const dataDir = path.join(root, "data");
  const port = await findFreePort();
  await asOwner("initdb", ["-D", dataDir, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C.UTF-8"], 120_000);
  const options = `-p ${port} -k ${root} -c listen_addresses=127.0.0.1 -c max_connections=60`;
  let running = false;

  const cluster: PostgresCluster = {
    url: `postgresql://postgres@127.0.0.1:${port}/postgres`,
    port,
    dataDir,
    async start() {
      await asOwner("pg_ctl", ["start", "-D", dataDir, "-w", "-t", "60", "-o", options, "-l", path.join(root, "server.log")], 90_000);
      running = true;
    },
    async crash() {
      await asOwner("pg_ctl", ["stop", "-D", dataDir, "-m", "immediate", "-w", "-t", "30"], 45_000);
      running = false;
    },
    async destroy() {
      if (running) {
        await asOwner("pg_ctl", ["stop", "-D", dataDir, "-m", "immediate", "-w", "-t", "30"], 45_000).catch((error: unknown) => {
          console.warn(`could not stop the test cluster in ${dataDir}; deleting its files anyway`, error);
        });
      }
      running = false;
      await rm(root, { recursive: true, force: true });
    },
  };
  try {
    await cluster.start();
  } catch (error) {
    await rm(root, { recursive: true, force: true });
    throw error;
  }
  return cluster;
}
