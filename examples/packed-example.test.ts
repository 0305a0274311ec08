import { type ChildProcess, execFile, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { cp, mkdir, mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import readline from "node:readline";
import { promisify } from "node:util";
import { LATEST_VERSION } from "@jtbd/engine";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, test } from "vitest";

// Proof that another product can use the engine: the library service in
// examples/library-service installs the *packed* @jtbd/engine (npm pack, the
// tarball, nothing from this repository's source) into a folder of its own,
// compiles with its own tsc, and runs as its own Node process against a real
// PostgreSQL database.

const run = promisify(execFile);
const repo = path.resolve(import.meta.dirname, "..");
const packageDir = path.join(repo, "packages/jtbd");
const exampleDir = path.join(repo, "examples/library-service");
const ADMIN_URL = process.env.TEST_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

let work: string;
let app: string;
let dbName: string;
let dbUrl: string;
let db: pg.Pool;
let service: ChildProcess;
let base: string;

async function admin(sql: string) {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

async function tsc(): Promise<{ ok: boolean; output: string }> {
  try {
    const { stdout } = await run(path.join(app, "node_modules/.bin/tsc"), ["-p", "."], { cwd: app });
    return { ok: true, output: stdout };
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string };
    return { ok: false, output: `${e.stdout ?? ""}${e.stderr ?? ""}` };
  }
}

async function call(method: string, url: string, body?: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(`${base}${url}`, {
    method,
    headers: { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

const q = async <R extends pg.QueryResultRow>(sql: string, params: unknown[] = []) => (await db.query<R>(sql, params)).rows;

beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), "jtbd-example-"));
  app = path.join(work, "library-service");

  // Built and packed from a copy, never in packages/jtbd: the other test files
  // running beside this one import the package's dist/, which a build in place
  // (rm -rf dist) would pull from under them.
  const staged = path.join(work, "engine");
  await mkdir(staged);
  for (const entry of ["package.json", "README.md"]) await cp(path.join(packageDir, entry), path.join(staged, entry));
  await run(
    process.execPath,
    [path.join(repo, "node_modules/typescript/bin/tsc"), "-p", "tsconfig.build.json", "--outDir", path.join(staged, "dist")],
    { cwd: packageDir },
  );
  await run("npm", ["pack", "--silent", "--ignore-scripts", "--pack-destination", work], { cwd: staged });
  const tarball = (await readdir(work)).find((f) => f.endsWith(".tgz"));
  if (!tarball) throw new Error("npm pack wrote no tarball");

  for (const entry of ["package.json", "tsconfig.json", "src"])
    await cp(path.join(exampleDir, entry), path.join(app, entry), { recursive: true });
  await mkdir(path.join(app, "vendor"));
  await cp(path.join(work, tarball), path.join(app, "vendor/jtbd-engine.tgz"));
  // The cache first: pg and the type packages are there from the repository's
  // own install; the registry is asked only for what the cache lacks.
  await run("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error"], { cwd: app });
  const build = await tsc();
  if (!build.ok) throw new Error(`the example does not compile:\n${build.output}`);

  dbName = `jtbd_example_${randomBytes(6).toString("hex")}`;
  await admin(`CREATE DATABASE ${dbName}`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${dbName}`;
  dbUrl = url.toString();
  db = new pg.Pool({ connectionString: dbUrl, max: 4 });

  service = spawn(process.execPath, ["dist/main.js"], {
    cwd: app,
    env: { ...process.env, DATABASE_URL: dbUrl, PORT: "0", SWEEP_INTERVAL_MS: "200" },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const port = await new Promise<number>((resolve, reject) => {
    service.once("exit", (code) => reject(new Error(`the service exited with ${code} before listening`)));
    readline.createInterface({ input: service.stdout! }).on("line", (line) => {
      const entry = JSON.parse(line) as { message?: string; port?: number };
      if (entry.message === "listening" && entry.port) resolve(entry.port);
    });
  });
  base = `http://127.0.0.1:${port}`;
}, 240_000);

afterAll(async () => {
  if (service && service.exitCode === null) {
    const exited = new Promise((resolve) => service.once("exit", resolve));
    service.kill("SIGTERM");
    await exited;
  }
  await db?.end();
  if (dbName) await admin(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  if (work) await rm(work, { recursive: true, force: true });
});

describe("the library service on the packed package", () => {
  test("the tarball holds the build only, and the service migrated the engine's schema at start", async () => {
    const { stdout } = await run("tar", ["tzf", path.join(app, "vendor/jtbd-engine.tgz")]);
    const files = stdout.trim().split("\n");
    expect(files).toContain("package/dist/index.js");
    expect(files).toContain("package/dist/index.d.ts");
    expect(files.filter((f) => f.startsWith("package/src/") || f.startsWith("package/test/"))).toEqual([]);
    // Every migration the package ships, once each, in order.
    const versions = Array.from({ length: LATEST_VERSION }, (_, i) => ({ version: i + 1 }));
    expect(await q(`SELECT version FROM jtbd.migrations ORDER BY version`)).toEqual(versions);
    // The bin, for hosts that keep migrations in their own tool.
    const { stdout: sql } = await run(path.join(app, "node_modules/.bin/jtbd-sql"), ["--schema", "library_jobs"], { cwd: app });
    expect(sql).toContain(`CREATE UNIQUE INDEX jobs_one_pending_per_target ON "library_jobs".jobs`);
  });

  test("50 concurrent idempotent requests leave one job and one event", async () => {
    const answers = await Promise.all(
      Array.from({ length: 50 }, () => call("POST", "/loans", { loanId: "loan-1", bookId: "book-1", member: "ada" })),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(50).fill(200));
    expect(new Set(answers.map((a) => a.json.jobId)).size).toBe(1);
    expect(answers.filter((a) => a.json.created)).toHaveLength(1);
    expect(await q(`SELECT count(*)::int AS n FROM jtbd.jobs WHERE target_id = 'loan-1'`)).toEqual([{ n: 1 }]);
    expect(await q(`SELECT kind::text FROM jtbd.job_events e JOIN jtbd.jobs j ON j.id = e.job_id WHERE j.target_id = 'loan-1'`)).toEqual([
      { kind: "requested" },
    ]);
    expect((await call("GET", "/members/ada/todo")).json.jobs).toEqual([
      { id: answers[0]!.json.jobId, jobType: "loans.return-book", targetId: "loan-1" },
    ]);
  });

  test("a return completes the job in the library's own transaction: with its rows and the receiver's job, or not at all", async () => {
    await call("POST", "/loans", { loanId: "loan-2", bookId: "book-2", member: "bea" });
    const state = async () => ({
      job: await q(`SELECT status::text FROM jtbd.jobs WHERE target_type = 'loan' AND target_id = 'loan-2'`),
      loan: await q(`SELECT returned_at IS NOT NULL AS returned FROM library_loans WHERE id = 'loan-2'`),
      returns: await q(`SELECT inspected_by FROM library_returns WHERE loan_id = 'loan-2'`),
      shelving: await q(`SELECT status::text FROM jtbd.jobs WHERE job_type = 'catalog.shelve-book' AND target_id = 'book-2'`),
    });

    // The library's own row is refused (no such staff member) after the job was completed: both roll back.
    const refused = await call("POST", "/loans/loan-2/return", { inspectedBy: "nobody" });
    expect(refused).toEqual({ status: 400, json: { error: '"nobody" is not a member of staff.' } });
    expect(await state()).toEqual({ job: [{ status: "pending" }], loan: [{ returned: false }], returns: [], shelving: [] });

    const accepted = await call("POST", "/loans/loan-2/return", { inspectedBy: "desk-1" });
    expect(accepted.status).toBe(200);
    expect(await state()).toEqual({
      job: [{ status: "completed" }],
      loan: [{ returned: true }],
      returns: [{ inspected_by: "desk-1" }],
      shelving: [{ status: "pending" }],
    });
  });

  test("the service's sweep expires a loan whose time ran out", async () => {
    await call("POST", "/loans", { loanId: "loan-3", bookId: "book-3", member: "cy" });
    await db.query(`UPDATE jtbd.jobs SET expires_at = now() - interval '1 minute' WHERE target_id = 'loan-3'`);
    await expect
      .poll(async () => (await q<{ status: string }>(`SELECT status::text FROM jtbd.jobs WHERE target_id = 'loan-3'`))[0]?.status, {
        timeout: 10_000,
        interval: 100,
      })
      .toBe("expired");
    expect(
      await q(`SELECT e.kind::text FROM jtbd.job_events e JOIN jtbd.jobs j ON j.id = e.job_id WHERE j.target_id = 'loan-3' ORDER BY e.id`),
    ).toEqual([{ kind: "requested" }, { kind: "expired" }]);
  });

  test("a bad call is answered with a message, not a stack trace", async () => {
    expect(await call("POST", "/loans", { loanId: "", bookId: "b" })).toEqual({
      status: 400,
      json: { error: '"loanId" must be text of 1 to 100 characters.' },
    });
  });

  test("tsc refuses a misspelt job type key and accepts the real one", async () => {
    const misspelt = path.join(app, "src/misspelt.ts");
    await writeFile(
      misspelt,
      `import type { LibraryJobs } from "./library.js";\n` +
        `export const lend = (jobs: LibraryJobs) => jobs.jobRequested({ jobType: "loans.retrun-book", target: { type: "loan", id: "x" } });\n`,
    );
    const refused = await tsc();
    expect(refused.ok).toBe(false);
    expect(refused.output).toMatch(
      /src\/misspelt\.ts\(2,\d+\): error TS2820: Type '"loans\.retrun-book"' is not assignable .*Did you mean '"loans\.return-book"'\?/,
    );

    await writeFile(
      misspelt,
      `import type { LibraryJobs } from "./library.js";\n` +
        `export const lend = (jobs: LibraryJobs) => jobs.jobRequested({ jobType: "loans.return-book", target: { type: "loan", id: "x" } });\n`,
    );
    expect(await tsc()).toEqual({ ok: true, output: "" });
  }, 60_000);
});
