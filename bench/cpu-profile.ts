// Reads a V8 CPU profile (the inspector's Profiler.stop, or a --cpu-prof
// file) into "where did the time go": self time by package, then by function.

export interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}

function packageOf(url: string): string {
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (m) return m[1]!;
  if (url.startsWith("node:") || url === "") return "(node internals / native)";
  const local = /\/work\/[^/]+\/[^/]+\/(\w+)\//.exec(url) ?? /\/(lib|bench|app)\//.exec(url);
  return local ? `project ${local[1]}` : url;
}

export interface CpuProfile {
  nodes: ProfileNode[];
}

/** Self time by package and by function, as percentages of the samples. */
export function summarize(profile: CpuProfile, top = 25): string[] {
  const total = profile.nodes.reduce((n, node) => n + (node.hitCount ?? 0), 0) || 1;
  const byPackage = new Map<string, number>();
  const byFunction = new Map<string, number>();
  for (const node of profile.nodes) {
    const hits = node.hitCount ?? 0;
    if (!hits) continue;
    const pkg = node.callFrame.functionName === "(idle)" ? "(idle: waiting for PostgreSQL)" : packageOf(node.callFrame.url);
    byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + hits);
    const fn = `${node.callFrame.functionName || "(anonymous)"} ${node.callFrame.url.replace(/^.*node_modules\//, "").replace(/^file:\/\/\/work\/main\//, "")}:${node.callFrame.lineNumber + 1}`;
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + hits);
  }
  const pct = (n: number) => `${((n / total) * 100).toFixed(1).padStart(5)}%`;
  return [
    "self time by package:",
    ...[...byPackage]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 15)
      .map(([k, v]) => `  ${pct(v)}  ${k}`),
    "self time by function:",
    ...[...byFunction]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([k, v]) => `  ${pct(v)}  ${k}`),
  ];
}
