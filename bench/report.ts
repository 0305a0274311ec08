import type { BenchReport } from "./harness";
import { fmt } from "./measure";

// The report as people read it: markdown tables (they paste into
// bench/README.md as they are), then what missed its target.

function table(header: string[], rows: string[][]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(" | ")} |`;
  return [line(header), `|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`, ...rows.map(line)];
}

const ms = (n: number) => (Number.isFinite(n) ? (n >= 100 ? n.toFixed(0) : n >= 10 ? n.toFixed(1) : n.toFixed(2)) : "–");

export function formatReport(r: BenchReport): string {
  const out: string[] = [];
  const m = r.machine;
  out.push(`## Bench results (${r.mode}) — ${r.startedAt}`, "");
  out.push(`- command: \`${r.command}\``);
  out.push(`- machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB, ${m.os}; Node ${m.node}`);
  out.push(
    `- PostgreSQL: ${m.postgres.split(",")[0]}; ${Object.entries(m.postgresSettings)
      .map(([k, v]) => `${k}=${v}`)
      .join(", ")}`,
  );
  out.push(
    `- packages: ${Object.entries(m.packages)
      .map(([k, v]) => `${k} ${v}`)
      .join(", ")}`,
  );
  out.push(
    `- commit: ${m.git ? `${m.git.commit.slice(0, 12)}${m.git.dirty ? " (with uncommitted changes in the tree)" : ""}` : "unknown"}`,
  );
  out.push(`- load average (1/5/15 min): ${r.load.start.join(" / ")} at start, ${r.load.end.join(" / ")} at end`);
  const d = r.dataset;
  out.push(
    `- dataset: ${d.counts.users.toLocaleString("en-US")} users, ${d.counts.jobs.toLocaleString("en-US")} jobs, ${d.counts.events.toLocaleString("en-US")} events (${d.reused ? `reused, built ${d.builtAt}` : `built in ${d.buildSeconds?.toFixed(0)} s`})`,
  );
  out.push(
    `- rounds: ${r.settings.rounds} measured (+${r.settings.warmupRounds} warm-up) per side, alternating, first side swapped each round; pool ${r.settings.poolSize} connections on each side`,
  );
  out.push("");
  out.push(
    ...table(
      [
        "operation",
        "unit",
        "engine /s",
        "baseline /s",
        "ratio",
        "target",
        "engine p50 ms",
        "engine p95 ms",
        "baseline p50 ms",
        "baseline p95 ms",
        "Node CPU ms/call engine",
        "baseline",
        "",
      ],
      r.operations.map((o) => [
        o.title,
        o.unit,
        fmt(o.engine.perSecond),
        fmt(o.baseline.perSecond),
        o.ratio.toFixed(2),
        o.target === null ? "–" : `≥ ${o.target}`,
        ms(o.engine.p50Ms),
        ms(o.engine.p95Ms),
        ms(o.baseline.p50Ms),
        ms(o.baseline.p95Ms),
        ms(o.engine.cpuMsPerCall),
        ms(o.baseline.cpuMsPerCall),
        o.met === null ? "diagnostic" : o.met ? "met" : "MISSED",
      ]),
    ),
  );
  out.push("");
  for (const o of r.operations) out.push(`- ${o.title}: ${o.describe}; round ratios ${o.roundRatios.map((x) => x.toFixed(2)).join(", ")}`);
  out.push("");

  if (r.scaling.ran) {
    out.push(
      `### Scaling: ${r.scaling.smallDataset.counts.jobs.toLocaleString("en-US")} jobs vs ${d.counts.jobs.toLocaleString("en-US")} jobs`,
      "",
    );
    out.push(
      ...table(
        ["operation", "engine p50 ms (small)", "engine p50 ms (full)", "full ÷ small", "baseline p50 ms (small)", "baseline p50 ms (full)"],
        r.scaling.rows.map((s) => [
          s.title,
          ms(s.small.engineP50Ms),
          ms(s.full.engineP50Ms),
          s.p50Growth.toFixed(2),
          ms(s.small.baselineP50Ms),
          ms(s.full.baselineP50Ms),
        ]),
      ),
    );
    out.push("");
  } else out.push(`Scaling comparison not run: ${r.scaling.reason}.`, "");

  if (r.http.ran) {
    const h = r.http;
    out.push(
      `### HTTP (next start, autocannon: ${h.connections} connections, ${h.secondsPerRound} s per round, ${h.rounds} rounds per side)`,
      "",
    );
    out.push(
      ...table(
        ["page", "req/s", "p50 ms", "p95 ms", "/health req/s", "/health p95 ms", "ratio", "non-2xx", "errors"],
        h.results.map((x) => [
          `${x.title} ${x.path}`,
          fmt(x.page.requestsPerSecond),
          ms(x.page.p50Ms),
          ms(x.page.p95Ms),
          fmt(x.baseline.requestsPerSecond),
          ms(x.baseline.p95Ms),
          x.ratio.toFixed(2),
          String(x.page.non2xx + x.baseline.non2xx),
          String(x.page.errors + x.baseline.errors),
        ]),
      ),
    );
    out.push("");
  } else out.push(`HTTP section not run: ${r.http.reason}.`, "");

  if (r.lighthouse.ran) {
    out.push(`### Lighthouse (${r.lighthouse.package}, ${r.lighthouse.preset} preset, signed in)`, "");
    out.push(
      ...table(
        ["page", "performance", "TBT ms", "LCP ms", "script kB"],
        r.lighthouse.results.map((x) => [
          x.path,
          String(x.performance),
          ms(x.totalBlockingTimeMs),
          ms(x.largestContentfulPaintMs),
          fmt(x.scriptBytes / 1024),
        ]),
      ),
    );
    for (const f of r.lighthouse.failures) out.push(`- ${f.path}: not measured, Lighthouse failed ${f.attempts} times (${f.error})`);
    out.push("");
  } else out.push(`Lighthouse not run: ${r.lighthouse.reason}.`, "");

  out.push(
    `Plan check: ${r.plans.checked} statements, ${r.plans.failed} failed, ${r.plans.warnings} warnings${r.plans.ok ? "." : " — PLAN CHECK FAILED:"}`,
  );
  for (const p of r.plans.plans.filter((x) => x.findings.length)) {
    for (const f of p.findings) out.push(`- ${f.level.toUpperCase()} ${p.operation} / ${p.side}: ${f.message}`);
  }
  const different = r.parity.filter((p) => !p.same);
  out.push(
    "",
    different.length
      ? `Parity: ${different.length} DIFFERENT answers:`
      : `Parity: engine and baseline gave the same answers (${r.parity.length} checks).`,
  );
  for (const p of different) out.push(`- ${p.operation}: ${p.difference}`);
  const missed = r.operations.filter((o) => o.met === false);
  if (missed.length) out.push("", `Targets missed: ${missed.map((o) => `${o.title} (${o.ratio.toFixed(2)} < ${o.target})`).join("; ")}`);
  for (const n of r.notes) out.push(`- ${n}`);
  return out.join("\n");
}
