import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, expect, test } from "vitest";

// The start-up check in a real process with a real environment, as
// instrumentation.ts runs it when `next start` boots: it must end the process
// with a message that says what to do, not let a server run without a secret.

const MODULE = path.join(import.meta.dirname, "check-auth-secret-at-startup.ts");
const SCRIPT = `const { checkAuthSecretAtStartup } = await import(${JSON.stringify(MODULE)}); checkAuthSecretAtStartup(); console.log("started");`;

function start(env: Record<string, string>) {
  // Only what a bare server would have: PATH and HOME, plus what the test sets.
  const result = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", SCRIPT], {
    // A cast: Next's types declare NODE_ENV always set, which is exactly what this test does not assume.
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...env } as unknown as NodeJS.ProcessEnv,
    encoding: "utf8",
    timeout: 20_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe("AUTH_SECRET at start-up", () => {
  test("production without AUTH_SECRET refuses to start, saying what to set and how to make one", () => {
    const run = start({ NODE_ENV: "production" });
    expect(run.code).toBe(1);
    expect(run.stdout).not.toContain("started");
    expect(run.stderr).toContain("Refusing to start: AUTH_SECRET is not set.");
    expect(run.stderr).toContain("openssl rand -base64 32");
  });

  test("production with a secret that is too short refuses too", () => {
    const run = start({ NODE_ENV: "production", AUTH_SECRET: "short" });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("AUTH_SECRET must be at least 32 characters long.");
  });

  test("production with a proper secret starts", () => {
    const run = start({ NODE_ENV: "production", AUTH_SECRET: "a".repeat(44) });
    expect(run).toMatchObject({ code: 0, stdout: "started\n" });
  });
});
