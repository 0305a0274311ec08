import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type pg from "pg";

// What the numbers were measured on: a ratio travels between machines better
// than a throughput, but neither means much without this.

export interface MachineInfo {
  cpu: string;
  cores: number;
  memoryGiB: number;
  os: string;
  node: string;
  postgres: string;
  postgresSettings: Record<string, string>;
  packages: Record<string, string>;
  git: { commit: string; dirty: boolean } | null;
}

export const PACKAGES = ["next", "react", "@prisma/client", "@prisma/adapter-pg", "pg", "next-auth", "zod", "autocannon", "tsx"] as const;

function packageVersion(name: string): string {
  try {
    const json = JSON.parse(readFileSync(path.join(process.cwd(), "node_modules", name, "package.json"), "utf8")) as { version?: string };
    return json.version ?? "unknown";
  } catch (error) {
    return `unreadable (${(error as Error).message})`;
  }
}

function osName(): string {
  try {
    const pretty = /^PRETTY_NAME="?([^"\n]+)"?/m.exec(readFileSync("/etc/os-release", "utf8"))?.[1];
    return `${pretty ?? os.type()} (${os.platform()} ${os.release()}, ${os.arch()})`;
  } catch {
    // Not every system has /etc/os-release; the kernel's own name is enough then.
    return `${os.type()} ${os.release()} ${os.arch()}`;
  }
}

function gitState(): MachineInfo["git"] {
  try {
    const commit = execFileSync("git", ["rev-parse", "HEAD"], { encoding: "utf8" }).trim();
    const dirty = execFileSync("git", ["status", "--porcelain", "--untracked-files=no"], { encoding: "utf8" }).trim() !== "";
    return { commit, dirty };
  } catch (error) {
    console.warn(`bench: could not read the git commit: ${(error as Error).message}`);
    return null;
  }
}

export async function machineInfo(db: pg.ClientBase | pg.Pool): Promise<MachineInfo> {
  const version = await db.query<{ version: string }>("SELECT version()");
  const settings = await db.query<{ name: string; setting: string; unit: string | null }>(
    `SELECT name, setting, unit FROM pg_settings
     WHERE name IN ('shared_buffers', 'work_mem', 'effective_cache_size', 'max_connections', 'max_parallel_workers_per_gather', 'jit', 'synchronous_commit', 'random_page_cost')`,
  );
  return {
    cpu: os.cpus()[0]?.model ?? "unknown",
    cores: os.cpus().length,
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    os: osName(),
    node: process.version,
    postgres: version.rows[0]?.version ?? "unknown",
    postgresSettings: Object.fromEntries(settings.rows.map((r) => [r.name, r.unit ? `${r.setting} (${r.unit})` : r.setting])),
    packages: Object.fromEntries(PACKAGES.map((name) => [name, packageVersion(name)])),
    git: gitState(),
  };
}

export function loadAverage(): [number, number, number] {
  const [a, b, c] = os.loadavg();
  return [round2(a ?? 0), round2(b ?? 0), round2(c ?? 0)];
}

const round2 = (n: number) => Math.round(n * 100) / 100;
