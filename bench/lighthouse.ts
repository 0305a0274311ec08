import { spawn } from "node:child_process";

// Lighthouse on the signed-in pages, as a person's browser meets them: the
// desktop preset, performance only, Debian's Chromium. lighthouse is not a
// dependency of the project: 12.2.3 is the last line that runs on Node 20
// (13 wants Node 22), and it is fetched by `npx --yes` only when the bench is
// asked for it (--lighthouse), so `npm install` never carries it.

export const LIGHTHOUSE_PACKAGE = "lighthouse@12.2.3";

export interface LighthousePage {
  key: string;
  title: string;
  path: string;
  /** The session cookie's "name=value", sent with every request of the page. */
  cookie: string;
}

export interface LighthouseResult {
  key: string;
  title: string;
  path: string;
  /** 0–100. */
  performance: number;
  totalBlockingTimeMs: number;
  largestContentfulPaintMs: number;
  /** Script transferred for the page (resource summary), in bytes. */
  scriptBytes: number;
  finalUrl: string;
}

/** A page Lighthouse could not measure, with its last error (the rest of the run goes on). */
export interface LighthouseFailure {
  key: string;
  title: string;
  path: string;
  attempts: number;
  error: string;
}

export type LighthouseReport =
  | { ran: true; package: string; preset: "desktop"; results: LighthouseResult[]; failures: LighthouseFailure[] }
  | { ran: false; reason: string };

/**
 * Lighthouse's own "Runtime error encountered" (NO_NAVSTART, NO_FCP…): its
 * trace of the load went wrong, not the page; Lighthouse says to run it again.
 */
const ATTEMPTS = 3;
const isLighthouseRuntimeError = (error: unknown) => error instanceof Error && error.message.includes("Runtime error encountered");

interface LighthouseJson {
  finalDisplayedUrl?: string;
  categories: { performance: { score: number | null } };
  audits: Record<string, { numericValue?: number; details?: { items?: { resourceType?: string; transferSize?: number }[] } }>;
}

/** What the bench reads out of one Lighthouse JSON report. */
export function readLighthouseJson(page: LighthousePage, report: LighthouseJson): LighthouseResult {
  const scripts = report.audits["resource-summary"]?.details?.items?.find((item) => item.resourceType === "script");
  return {
    key: page.key,
    title: page.title,
    path: page.path,
    performance: Math.round((report.categories.performance.score ?? 0) * 100),
    totalBlockingTimeMs: report.audits["total-blocking-time"]?.numericValue ?? Number.NaN,
    largestContentfulPaintMs: report.audits["largest-contentful-paint"]?.numericValue ?? Number.NaN,
    scriptBytes: scripts?.transferSize ?? 0,
    finalUrl: report.finalDisplayedUrl ?? "",
  };
}

function runLighthouse(url: string, cookie: string): Promise<LighthouseJson> {
  const args = [
    "--yes",
    LIGHTHOUSE_PACKAGE,
    url,
    "--preset=desktop",
    "--only-categories=performance",
    "--output=json",
    "--output-path=stdout",
    "--quiet",
    "--chrome-flags=--headless=new --no-sandbox --disable-gpu --no-first-run --disable-background-networking --disable-component-update --disable-sync",
    `--extra-headers=${JSON.stringify({ cookie })}`,
  ];
  return new Promise((resolve, reject) => {
    const child = spawn("npx", args, {
      env: { ...process.env, CHROME_PATH: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
    child.on("error", reject);
    child.on("exit", (code) => {
      if (code !== 0) return reject(new Error(`lighthouse exited with ${code} on ${url}:\n${stderr}`));
      try {
        resolve(JSON.parse(stdout) as LighthouseJson);
      } catch (error) {
        reject(new Error(`lighthouse printed no JSON report for ${url}: ${(error as Error).message}\n${stderr}`));
      }
    });
  });
}

/**
 * One Lighthouse run per page, one page at a time (each run is a whole
 * Chromium: two would compete for the same two cores). A page that lands
 * anywhere but where it was asked (a sign-in redirect) fails the run, so a
 * sign-in page is never reported as the page.
 */
export async function runLighthouseSection(
  baseUrl: string,
  pages: LighthousePage[],
  log: (line: string) => void,
): Promise<LighthouseReport> {
  const results: LighthouseResult[] = [];
  const failures: LighthouseFailure[] = [];
  for (const page of pages) {
    let json: LighthouseJson | null = null;
    for (let attempt = 1; attempt <= ATTEMPTS && !json; attempt++) {
      try {
        json = await runLighthouse(`${baseUrl}${page.path}`, page.cookie);
      } catch (error) {
        if (!isLighthouseRuntimeError(error)) throw error;
        const message = (error as Error).message.split("\n").find((line) => line.includes("Runtime error")) ?? "runtime error";
        log(`  lighthouse ${page.path}: attempt ${attempt} of ${ATTEMPTS} failed: ${message}`);
        if (attempt === ATTEMPTS) failures.push({ key: page.key, title: page.title, path: page.path, attempts: attempt, error: message });
      }
    }
    if (!json) continue;
    const result = readLighthouseJson(page, json);
    if (new URL(result.finalUrl || `${baseUrl}/`).pathname !== new URL(`${baseUrl}${page.path}`).pathname) {
      throw new Error(`lighthouse: ${page.path} ended on ${result.finalUrl}: not measuring a redirect`);
    }
    log(
      `  lighthouse ${page.path}: performance ${result.performance}, TBT ${result.totalBlockingTimeMs.toFixed(0)} ms, LCP ${result.largestContentfulPaintMs.toFixed(0)} ms, script ${(result.scriptBytes / 1024).toFixed(0)} kB`,
    );
    results.push(result);
  }
  return { ran: true, package: LIGHTHOUSE_PACKAGE, preset: "desktop", results, failures };
}
