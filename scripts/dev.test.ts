import { type ChildProcess, spawn } from "node:child_process";
import { rm } from "node:fs/promises";
import { createServer } from "node:net";
import path from "node:path";
import { type Browser, chromium } from "@playwright/test";
import bcrypt from "bcryptjs";
import { afterAll, beforeAll, expect, test } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/test/database";

// The first command people run, `npm run dev` (scripts/dev.ts: migrations,
// worker, `next dev`), opened at either address they might type. `next dev`
// serves its scripts only to origins it knows (allowedDevOrigins); at an
// unknown one the page shows but never hydrates. In real Chromium: sign in,
// then a control that only works once React runs (the phone menu) works, with
// no Content-Security-Policy violation, at localhost and at 127.0.0.1.

const ROOT = path.resolve(import.meta.dirname, "..");
// Its own build folder, so a `next dev` or build someone else runs is not disturbed.
const DIST_DIR = ".next-dev-test";
const PASSWORD = "dev-test-password";

let t: TestDatabase;
let server: ChildProcess;
let browser: Browser;
let port: number;
let email: string;
let output = "";

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/** Resolves once `next dev` answers; fails with its output if it exits first. */
async function waitUntilServing(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`npm run dev exited with ${server.exitCode}:\n${output}`);
    const ok = await fetch(url).then(
      (response) => response.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`npm run dev did not answer at ${url} within ${timeoutMs} ms:\n${output}`);
}

beforeAll(async () => {
  t = await createTestDatabase({ poolMax: 2 });
  email = `dev-${Date.now()}@example.test`;
  await t.prisma.user.create({ data: { email, name: "Dev Tester", passwordHash: await bcrypt.hash(PASSWORD, 4) } });

  port = await freePort();
  server = spawn(process.execPath, [path.join(ROOT, "node_modules", "tsx", "dist", "cli.mjs"), "scripts/dev.ts"], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: "development",
      DATABASE_URL: t.url,
      PORT: String(port),
      AUTH_SECRET: "dev-test-secret-0123456789abcdef0123456789abcdef",
      NEXT_DIST_DIR: DIST_DIR,
      NEXT_TELEMETRY_DISABLED: "1",
    },
    // Its own process group: stopping it stops `next dev` and the worker with it.
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  server.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  server.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  await waitUntilServing(`http://127.0.0.1:${port}/favicon.svg`, 120_000);

  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  if (server?.pid && server.exitCode === null) {
    const exited = new Promise((resolve) => server.once("exit", resolve));
    process.kill(-server.pid, "SIGTERM");
    await exited;
  }
  await t?.close();
  await rm(path.join(ROOT, DIST_DIR), { recursive: true, force: true });
}, 60_000);

test.each(["localhost", "127.0.0.1"])(
  "at http://%s the page hydrates and the menu opens, with no CSP violation",
  async (host) => {
    // A phone's width, where the header's links fold behind a menu button that only React can open.
    const page = await browser.newPage({ viewport: { width: 375, height: 740 } });
    const problems: string[] = [];
    page.on("console", (message) => {
      if (/Content Security Policy|Refused to|Blocked cross-origin request/i.test(message.text())) problems.push(message.text());
    });
    page.on("pageerror", (error) => problems.push(error.message));

    // next dev compiles a page on its first request: on a loaded machine that alone can take a minute.
    await page.goto(`http://${host}:${port}/signin`, { timeout: 120_000 });
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(`http://${host}:${port}/todo`, { timeout: 90_000 });

    const menu = page.getByRole("button", { name: "Menu", exact: true });
    // Clicked until it opens: a click before hydration does nothing, so this is the hydration check.
    await expect
      .poll(
        async () => {
          await menu.click({ timeout: 5_000 }).catch(() => undefined);
          return page
            .getByRole("button", { name: "Close menu" })
            .getAttribute("aria-expanded", { timeout: 1_000 })
            .catch(() => null);
        },
        { timeout: 90_000, interval: 1_000, message: `the menu opens at ${host}, so the page hydrated` },
      )
      .toBe("true");
    expect(problems).toEqual([]);
    await page.close();
  },
  180_000,
);
