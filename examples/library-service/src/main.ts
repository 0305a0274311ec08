import pg from "pg";
import { createLibrary } from "./library.js";
import { createServer } from "./server.js";

// The library service: migrate, connect receivers (here, once), serve HTTP,
// and run the expiry sweep on a timer. Any number of these may run against
// one database: migrate() runs once under its lock, sweeps share the work.

const url = process.env.DATABASE_URL;
if (!url) {
  console.error("Set DATABASE_URL to a PostgreSQL database.");
  process.exit(2);
}
const port = Number(process.env.PORT ?? 3100);
const sweepEveryMs = Number(process.env.SWEEP_INTERVAL_MS ?? 60_000);

const line = (level: string) => (message: string, context?: Record<string, unknown>) =>
  console.log(
    JSON.stringify({ level, message, ...context, error: context?.error instanceof Error ? context.error.message : context?.error }),
  );
const logger = { debug: () => {}, info: line("info"), warn: line("warn"), error: line("error") };

const pool = new pg.Pool({ connectionString: url, max: 10 });
const library = createLibrary(pool, logger);
await library.setup();
library.connectReceivers();

let sweeping = false;
const sweep = setInterval(async () => {
  if (sweeping) return;
  sweeping = true;
  try {
    const { expired } = await library.jobs.expireDueJobs();
    if (expired) logger.info("expired jobs", { expired });
  } catch (error) {
    logger.error("sweep failed", { error });
  } finally {
    sweeping = false;
  }
}, sweepEveryMs);

const server = createServer(library, logger.error);
server.listen(port, "127.0.0.1", () => {
  const address = server.address();
  logger.info("listening", { port: typeof address === "object" && address ? address.port : port });
});

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    clearInterval(sweep);
    server.close(() => void pool.end().then(() => process.exit(0)));
  });
}
