// Runs once when the server starts (`next start`, `next dev`), before it
// handles a request. The Node.js-only work lives in its own module so the
// Edge build of this file never sees Node APIs.
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { checkAuthSecretAtStartup } = await import("./lib/auth/check-auth-secret-at-startup");
    checkAuthSecretAtStartup();
    // The receivers of the job signals, connected once for the web server.
    // The engine they connect to is one per process (lib/jobs/app-jobs.ts),
    // so the actions' copy of lib/jobs fires to them too.
    const { startJobs } = await import("./lib/jobs/start-jobs");
    startJobs();
  }
}
