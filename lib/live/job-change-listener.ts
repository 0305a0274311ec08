import pg from "pg";
import { log as defaultLog } from "@/lib/log";
import { JOB_CHANGES_CHANNEL, parseJobChange, type JobChange } from "./job-change";

// One LISTEN connection per app process, fanned out to every live stream the
// process serves. A dedicated pg client, never one from the pool: LISTEN
// belongs to a session, and a pooled connection goes back to the pool (or,
// behind PgBouncer in transaction mode, to another client) after each query.
//
// A connection that drops (a restart, a failover, pg_terminate_backend, a
// network cut the health check notices) is opened again with backoff. What
// was announced while it was down is lost for good (NOTIFY is not stored), so
// after a reconnect every subscriber gets a `resync`: read everything again.

export type ListenerMessage = { type: "change"; change: JobChange } | { type: "resync" };
export type ListenerSubscriber = (message: ListenerMessage) => void;

type Logger = Pick<typeof defaultLog, "info" | "warn" | "error">;

export interface JobChangeListenerOptions {
  connectionString: string;
  logger?: Logger;
  /** First delay before reconnecting; doubles up to `maxDelayMs` while attempts fail. */
  minDelayMs?: number;
  maxDelayMs?: number;
  /** How often the connection is checked with a query (a cut that sends no FIN is otherwise never noticed). */
  healthCheckMs?: number;
}

export class JobChangeListener {
  private readonly subscribers = new Set<ListenerSubscriber>();
  private client: pg.Client | null = null;
  private started = false;
  private closed = false;
  private connectedOnce = false;
  private delay: number;
  private retryTimer: NodeJS.Timeout | null = null;
  private healthTimer: NodeJS.Timeout | null = null;
  private pid: number | null = null;
  private waiters: (() => void)[] = [];
  private readonly logger: Logger;
  private readonly minDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly healthCheckMs: number;

  constructor(private readonly options: JobChangeListenerOptions) {
    this.logger = options.logger ?? defaultLog;
    this.minDelayMs = options.minDelayMs ?? 250;
    this.maxDelayMs = options.maxDelayMs ?? 15_000;
    this.healthCheckMs = options.healthCheckMs ?? 30_000;
    this.delay = this.minDelayMs;
  }

  /** Opens the connection (once; later calls do nothing). */
  start(): void {
    if (this.started || this.closed) return;
    this.started = true;
    void this.connect();
  }

  /** Calls `subscriber` with every change and resync until the returned function is called. Starts the listener. */
  subscribe(subscriber: ListenerSubscriber): () => void {
    this.subscribers.add(subscriber);
    this.start();
    return () => {
      this.subscribers.delete(subscriber);
    };
  }

  get subscriberCount(): number {
    return this.subscribers.size;
  }

  /** Whether LISTEN is in effect now. */
  get listening(): boolean {
    return this.pid !== null;
  }

  /** The server process of the current connection, null while disconnected (tests end it with pg_terminate_backend). */
  get backendPid(): number | null {
    return this.pid;
  }

  /** Resolves once LISTEN is in effect (at once if it is). */
  whenListening(): Promise<void> {
    if (this.listening) return Promise.resolve();
    this.start();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Closes the connection for good. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    if (this.healthTimer) clearInterval(this.healthTimer);
    const client = this.client;
    this.client = null;
    this.pid = null;
    this.subscribers.clear();
    if (client) await client.end().catch((error: unknown) => this.logger.warn("live listener: closing failed", { error }));
  }

  private async connect(): Promise<void> {
    if (this.closed) return;
    const client = new pg.Client({
      connectionString: this.options.connectionString,
      keepAlive: true,
      // The health check's query must not hang on a dead socket.
      query_timeout: 10_000,
      application_name: "jtbd live listener",
    });
    this.client = client;
    client.on("notification", (message) => {
      if (message.channel !== JOB_CHANGES_CHANNEL) return;
      const change = parseJobChange(message.payload);
      if (!change) {
        this.logger.warn("live listener: ignored a notification that is not a job change", { payload: message.payload?.slice(0, 200) });
        return;
      }
      this.broadcast({ type: "change", change });
    });
    client.on("error", (error) => this.lost(client, error));
    client.on("end", () => this.lost(client, null));
    try {
      await client.connect();
      await client.query(`LISTEN ${JOB_CHANGES_CHANNEL}`);
      const { rows } = await client.query<{ pid: number }>("SELECT pg_backend_pid() AS pid");
      if (this.client !== client) return;
      this.pid = rows[0]?.pid ?? -1;
    } catch (error) {
      this.lost(client, error);
      return;
    }
    this.delay = this.minDelayMs;
    this.healthTimer = setInterval(() => {
      client.query("SELECT 1").catch((error: unknown) => this.lost(client, error));
    }, this.healthCheckMs);
    this.healthTimer.unref();
    const reconnected = this.connectedOnce;
    this.connectedOnce = true;
    if (reconnected) {
      this.logger.info("live listener: listening again; subscribers read everything again");
      this.broadcast({ type: "resync" });
    }
    for (const resolve of this.waiters.splice(0)) resolve();
  }

  /** The connection `client` failed or ended: drop it and try again later (once per connection). */
  private lost(client: pg.Client, error: unknown): void {
    if (this.client !== client) return;
    this.client = null;
    this.pid = null;
    if (this.healthTimer) clearInterval(this.healthTimer);
    this.healthTimer = null;
    client.removeAllListeners("notification");
    // Its error listener stays (a late error on it must not crash the process)
    // and returns at once: this client is no longer the current one.
    client.end().catch((endError: unknown) => this.logger.warn("live listener: closing the lost connection failed", { error: endError }));
    if (this.closed) return;
    const wait = Math.round(this.delay * (0.5 + Math.random() / 2));
    this.delay = Math.min(this.delay * 2, this.maxDelayMs);
    this.logger.warn("live listener: connection lost; reconnecting", {
      error: error instanceof Error ? error.message : error,
      retryInMs: wait,
    });
    this.retryTimer = setTimeout(() => void this.connect(), wait);
    this.retryTimer.unref();
  }

  private broadcast(message: ListenerMessage): void {
    for (const subscriber of [...this.subscribers]) {
      try {
        subscriber(message);
      } catch (error) {
        // One stream's failure must not stop the others.
        this.logger.error("live listener: a subscriber failed", { error });
      }
    }
  }
}
