import { Session } from "node:inspector/promises";
import pg from "pg";
import { createPrismaClient } from "@/lib/db/client";
import { QUEUE_PAGE_SIZE } from "@/lib/server/queries/staff-queue";
import { datasetShape, ensureDataset } from "./dataset";
import { loadFixtures } from "./fixtures";
import { type Operation, runSide } from "./measure";
import {
  type BenchContext,
  completeOperation,
  OPERATION_KEYS,
  funnelOperation,
  queueOperation,
  requestOperation,
  sweepOperation,
  todoOperation,
} from "./operations";
import { resolveBenchDatabaseUrl } from "./options";
import { type CpuProfile, summarize } from "./cpu-profile";
import { JOBS_TABLE } from "@/lib/jobs/jobs-schema";

// Where the engine path's time goes in this process: runs one operation's
// engine side (then its baseline side) under V8's sampling profiler and
// prints self time by package and by function. The bench's ratios say how
// much slower the engine is; this says why.
//
//   npx tsx --conditions=react-server bench/profile.ts queue-deep [--users N --jobs N]

async function profileOperation<I>(session: Session, key: string, op: Operation<I>): Promise<void> {
  // One unprofiled round each to warm both pools and the JIT.
  await runSide(op.engine, await op.prepare("engine", 0), op.concurrency);
  await runSide(op.baseline, await op.prepare("baseline", 0), op.concurrency);
  for (const side of ["engine", "baseline"] as const) {
    const inputs = await op.prepare(side, 1);
    await session.post("Profiler.enable");
    await session.post("Profiler.setSamplingInterval", { interval: 200 });
    await session.post("Profiler.start");
    const sample = await runSide(side === "engine" ? op.engine : op.baseline, inputs, op.concurrency);
    const { profile } = await session.post("Profiler.stop");
    console.log(
      `\n=== ${key} ${side}: ${sample.perSecond.toFixed(1)} ${op.unit}/s, p50 ${sample.p50Ms.toFixed(2)} ms, p95 ${sample.p95Ms.toFixed(2)} ms, Node CPU ${sample.cpuMsPerCall.toFixed(3)} ms/call`,
    );
    for (const line of summarize(profile as CpuProfile)) console.log(line);
  }
}

async function main() {
  const args = process.argv.slice(2);
  const key = args[0] ?? "queue-first";
  const flag = (name: string, fallback: number) => {
    const i = args.indexOf(`--${name}`);
    return i >= 0 ? Number(args[i + 1]) : fallback;
  };
  const url = resolveBenchDatabaseUrl();
  await ensureDataset(url, datasetShape(flag("users", 100_000), flag("jobs", 1_000_000)), console.log);
  const prisma = createPrismaClient({ connectionString: url, max: 16 });
  const pool = new pg.Pool({ connectionString: url, max: 16 });
  const admin = new pg.Pool({ connectionString: url, max: 4 });
  const ctx: BenchContext = {
    prisma,
    pool,
    admin,
    fixtures: await loadFixtures(admin, QUEUE_PAGE_SIZE),
    runId: `profile-${Date.now()}`,
    opsScale: flag("scale", 1),
    sweepJobs: 20_000,
    made: [],
  };
  if (!(OPERATION_KEYS as readonly string[]).includes(key))
    throw new Error(`unknown operation ${key} (known: ${OPERATION_KEYS.join(", ")})`);
  const session = new Session();
  session.connect();
  try {
    if (key === "queue-first" || key === "queue-deep") await profileOperation(session, key, queueOperation(ctx, key === "queue-deep"));
    else if (key === "funnel-all" || key === "funnel-week")
      await profileOperation(session, key, funnelOperation(ctx, key === "funnel-week", 1));
    else if (key === "request") await profileOperation(session, key, requestOperation(ctx));
    else if (key === "complete") await profileOperation(session, key, completeOperation(ctx));
    else if (key === "todo") await profileOperation(session, key, todoOperation(ctx));
    else await profileOperation(session, key, sweepOperation(ctx));
  } finally {
    session.disconnect();
    const ids = [...new Set(ctx.made)];
    for (let i = 0; i < ids.length; i += 20_000)
      await admin.query(`DELETE FROM ${JOBS_TABLE} WHERE id = ANY($1::uuid[])`, [ids.slice(i, i + 20_000)]);
    await prisma.$disconnect();
    await pool.end();
    await admin.end();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error("profile failed:", error);
    process.exit(1);
  },
);
