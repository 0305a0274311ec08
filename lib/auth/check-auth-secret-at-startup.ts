import { MissingAuthSecretError, resolveAuthSecret } from "./auth-secret";

/**
 * A production server without AUTH_SECRET must not start: it could not sign
 * sessions, or would sign them with a guessable key. Called from
 * instrumentation.ts. Next only logs a failing register() and keeps serving
 * errors, so this exits the process: a misconfigured deployment then fails at
 * once, where it is noticed. Outside production it only warns (see
 * resolveAuthSecret).
 */
export function checkAuthSecretAtStartup(): void {
  try {
    resolveAuthSecret();
  } catch (error) {
    if (!(error instanceof MissingAuthSecretError)) throw error;
    console.error(`\nRefusing to start: ${error.message}\n`);
    process.exit(1);
  }
}
