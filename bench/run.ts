import { mkdir, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import { formatApiReport, runApiBench } from "./api";
import { datasetShape, ensureDataset } from "./dataset";
import { runBench } from "./harness";
import { BENCH_HELP, parseBenchArgs } from "./options";
import { formatReport } from "./report";

// `npm run bench [-- options]`: see bench/README.md. Runs under
// `tsx --conditions=react-server` so the read models' `import "server-only"`
// resolves to its empty server build, as it does inside Next.

process.env.NEXT_TELEMETRY_DISABLED ??= "1";

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  const options = parseBenchArgs(argv);
  if (options === "help") {
    console.log(BENCH_HELP);
    return 0;
  }
  if (options.datasetOnly) {
    await ensureDataset(options.databaseUrl, datasetShape(options.users, options.jobs), options.log);
    return 0;
  }
  const bench = await runBench(options, `npm run bench${argv.length ? ` -- ${argv.join(" ")}` : ""}`);
  const report = { ...bench, api: await runApiBench(options) };
  console.log(`\n${formatReport(report)}\n\n${formatApiReport(report.api)}\n`);
  if (options.out) {
    await mkdir(path.dirname(options.out), { recursive: true });
    // Written aside and renamed, so an interrupted run never leaves half a file as "latest".
    const tmp = `${options.out}.tmp`;
    await writeFile(tmp, `${JSON.stringify(report, null, 2)}\n`);
    await rename(tmp, options.out);
    console.log(`report written to ${options.out}`);
  }
  // Loud, not silent: a failed plan check or a baseline that answers differently makes the run fail.
  const problems = [
    !report.plans.ok && "the plan check failed",
    report.parity.some((p) => !p.same) && "engine and baseline answered differently",
  ].filter(Boolean);
  if (problems.length) {
    console.error(`\nbench: ${problems.join("; ")} (see above)`);
    return 2;
  }
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error("bench failed:", error);
    process.exit(1);
  },
);
