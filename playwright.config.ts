import { defineConfig, devices } from "@playwright/test";
import { E2E_DATABASE_URL } from "./e2e/database-url";

// The fixtures hash passwords with lib/auth/password.ts, which reads the cost
// once on import: a low cost keeps creating users fast. Set before any import
// of it (workers load this file first, too).
process.env.BCRYPT_COST ??= "4";

const PORT = Number(process.env.E2E_PORT ?? 3100);
const baseURL = `http://127.0.0.1:${PORT}`;

export default defineConfig({
  testDir: "e2e",
  globalSetup: "./e2e/global-setup.ts",
  forbidOnly: !!process.env.CI,
  // No second chances: a test that catches a real race once must fail the run,
  // not pass on a retry (a retry set elsewhere still counts as a failure).
  retries: 0,
  failOnFlakyTests: true,
  reporter: process.env.CI ? [["list"], ["html", { open: "never" }]] : "list",
  timeout: 30_000,
  expect: { timeout: 10_000 },
  use: {
    baseURL,
    trace: "retain-on-failure",
    // Debian's Chromium: Playwright cannot download its own browsers here.
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      // Running as root needs --no-sandbox; the networking flags stop Chromium
      // calling home on a machine without internet.
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  projects: [{ name: "chromium", use: { ...devices["Desktop Chrome"] } }],
  webServer: {
    command: `npm run build && npx next start -p ${PORT}`,
    // A static file, not a page: the server must not open database connections
    // before globalSetup has recreated the database (Playwright starts the
    // server first).
    url: `${baseURL}/favicon.svg`,
    env: {
      DATABASE_URL: E2E_DATABASE_URL,
      AUTH_SECRET: "e2e-only-secret-0123456789abcdef0123456789abcdef",
      NEXT_TELEMETRY_DISABLED: "1",
      BCRYPT_COST: "4",
      // The dev mailbox in this production build: e2e/notifications.spec.ts reads its mail there.
      DEV_MAILBOX: "on",
      // The tests play one client each through X-Forwarded-For (e2e/fixtures.ts), as behind one proxy.
      TRUST_PROXY: "1",
      // e2e/webhooks.spec.ts registers an endpoint on a receiver on loopback.
      WEBHOOKS_ALLOW_PRIVATE: "on",
    },
    timeout: 300_000,
    reuseExistingServer: false,
    stdout: "pipe",
    stderr: "pipe",
  },
});
