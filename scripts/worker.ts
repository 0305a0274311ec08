import { resolveDatabaseUrl } from "@/lib/db/resolve-url";
import { env } from "@/lib/env";
import { log } from "@/lib/log";
import { startNotificationWorker } from "@/lib/notifications";

// `npm run worker`: the notification worker as its own process (production
// runs one or more beside the web servers). Delivers notifications on pg-boss
// and runs the reminder scan and the expiry sweep on its cron schedule.
// Uses DATABASE_URL, or the embedded database like `npm run db:migrate`: the
// running demo's if it is up, else its own on the data folder.

const database = await resolveDatabaseUrl();
let worker: Awaited<ReturnType<typeof startNotificationWorker>> | undefined;
let stopping = false;

async function shutdown(signal: string, code = 0) {
  if (stopping) return;
  stopping = true;
  log.info("worker shutting down", { signal });
  try {
    await worker?.stop();
  } catch (error) {
    log.error("worker did not stop cleanly", { error });
    code = 1;
  }
  // PGlite writes its files on close: the embedded database is stopped last.
  await database.stop();
  process.exit(code);
}
process.on("SIGINT", () => void shutdown("SIGINT"));
process.on("SIGTERM", () => void shutdown("SIGTERM"));
// pg-boss 10 completes and fails jobs without awaiting the statement, so a
// database hiccup at that moment surfaces here. Stop cleanly (closing an
// embedded database properly) and exit non-zero so a supervisor restarts us;
// the job pg-boss could not complete expires and is retried, and the
// notification's row claim keeps it from being sent twice.
process.on("unhandledRejection", (reason) => {
  log.error("unhandled rejection in the worker", { error: reason });
  void shutdown("unhandledRejection", 1);
});

try {
  worker = await startNotificationWorker({
    connectionString: database.url,
    // The embedded database serves one statement at a time, and its socket
    // server can mix up statements of concurrent connections: keep to a couple.
    poolMax: env.DATABASE_POOL_MAX ?? (database.embedded ? 2 : 10),
    concurrency: database.embedded ? 1 : undefined,
    name: "worker",
  });
  log.info("worker running; stop with Ctrl+C", { database: database.embedded ? "embedded" : "DATABASE_URL" });
} catch (error) {
  log.error("worker failed to start", { error });
  await shutdown("startup failure", 1);
}
