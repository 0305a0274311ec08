import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import autocannon from "autocannon";
import pg from "pg";
import { QUEUE_PAGE_SIZE } from "@/lib/server/queries/staff-queue";
import { type CpuProfile, summarize } from "./cpu-profile";
import { loadFixtures } from "./fixtures";
import { buildApp, mintSessionCookie, startApp } from "./http";
import { resolveBenchDatabaseUrl } from "./options";

// Where a page's server time goes under load: starts the bench build of the
// app (`next start`, .data/next-bench) with V8's CPU profiler on, loads one
// page for a while as the HTTP section does (8 connections, signed in), stops
// the server (which writes the profile) and prints self time by package and
// by function. The HTTP section says how much slower a page is than /health;
// this says why.
//
//   npx tsx --conditions=react-server bench/profile-page.ts /staff/queues/staff.review-document [--seconds 15] [--build] [--as staff|person]
//
// The path may name the bench's queue as `queue`. Database: as `npm run bench`.

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    seconds: { type: "string", default: "15" },
    connections: { type: "string", default: "8" },
    build: { type: "boolean", default: false },
    as: { type: "string" },
    top: { type: "string", default: "30" },
    /** Also write the profile here (open it in Chrome DevTools' Performance panel or speedscope). */
    save: { type: "string" },
  },
});
const databaseUrl = resolveBenchDatabaseUrl();
const db = new pg.Pool({ connectionString: databaseUrl, max: 1 });
const fixtures = await loadFixtures(db, QUEUE_PAGE_SIZE);
const queuePath = `/staff/queues/${encodeURIComponent(fixtures.queue.jobType)}`;
const pagePath = positionals[0] === "queue" || !positionals[0] ? queuePath : positionals[0];
const as = values.as ?? (pagePath.startsWith("/staff") ? "staff" : "person");
const who = (
  await db.query<{ id: string; email: string; name: string | null; role: string }>(
    `SELECT id, email, name, role::text FROM users WHERE id = $1`,
    [as === "staff" ? fixtures.staffIds[0] : fixtures.todoUsers[0]],
  )
).rows[0]!;
await db.end();

if (values.build) await buildApp(console.log);
const dir = await mkdtemp(path.join(tmpdir(), "jtbd-page-profile-"));
const app = await startApp(databaseUrl, console.log, {}, undefined, ["--cpu-prof", `--cpu-prof-dir=${dir}`, "--cpu-prof-interval=500"]);
const cookie = await mintSessionCookie(app.secret, who);
try {
  const first = await fetch(`${app.url}${pagePath}`, { headers: { cookie } });
  if (first.status !== 200) throw new Error(`${pagePath} answered ${first.status}`);
  const run = (seconds: number) =>
    autocannon({ url: `${app.url}${pagePath}`, connections: Number(values.connections), duration: seconds, headers: { cookie } });
  await run(3); // warm-up: JIT, pools, caches
  const result = await run(Number(values.seconds));
  console.log(
    `${pagePath} as ${as}: ${result.requests.average.toFixed(1)} req/s, p50 ${result.latency.p50} ms, ` +
      `${(result.throughput.average / result.requests.average / 1024).toFixed(1)} kB a response, non-2xx ${result.non2xx}`,
  );
} finally {
  await app.stop();
}
// One profile per Node process (next start, and any worker it forked); the busiest is the server.
const files = (await readdir(dir)).filter((f) => f.endsWith(".cpuprofile"));
const profiles = await Promise.all(files.map(async (f) => JSON.parse(await readFile(path.join(dir, f), "utf8")) as CpuProfile));
const samples = (p: CpuProfile) => p.nodes.reduce((n, node) => n + (node.hitCount ?? 0), 0);
const busiest = profiles.sort((a, b) => samples(b) - samples(a))[0];
if (!busiest) throw new Error(`no CPU profile written in ${dir}`);
console.log(summarize(busiest, Number(values.top)).join("\n"));
if (values.save) {
  await writeFile(values.save, JSON.stringify(busiest));
  console.log(`profile written to ${values.save}`);
}
await rm(dir, { recursive: true, force: true });
