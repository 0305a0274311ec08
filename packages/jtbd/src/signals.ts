import type { Database } from "./database.js";
import type { Logger } from "./logger.js";
import { Signal } from "./signal.js";
import type { Actor, Job, JsonObject } from "./types.js";

// The signals receivers connect to, one set per engine instance. Receivers run
// inside the transaction that made the change, each optional one under its own
// savepoint: what a receiver writes commits with the change. An optional receiver that
// throws is rolled back to its savepoint and logged, leaving the change and
// the other receivers' work in place. A required one (`connect(fn, { required:
// true })`, an outbox writer) that throws aborts the whole change: the caller
// gets its error and nothing is written, so a committed change never lacks
// that receiver's row.
//
// Receivers should only do database work, through `payload.db`. Anything that
// leaves the database (email, HTTP) belongs in a queue a receiver writes to.

export const SIGNAL_NAMES = [
  "requested",
  "completed",
  "cancelled",
  "expired",
  "assigned",
  "extended",
  "escalated",
  "recurred",
  "snoozed",
  "reopened",
] as const;
export type JobSignalName = (typeof SIGNAL_NAMES)[number];

export interface JobSignalPayload<K extends string = string> {
  signal: JobSignalName;
  job: Job<K>;
  actor: Actor;
  /** What the change carried: completion metadata, a note, the previous assignee… */
  data: JsonObject;
  /** The transaction the change was made in. */
  db: Database;
}

export type JobSignals<K extends string = string> = { readonly [N in JobSignalName]: Signal<JobSignalPayload<K>> };

export function createSignals<K extends string>(logger: Logger): JobSignals<K> {
  const make = (name: JobSignalName) => new Signal<JobSignalPayload<K>>(`job.${name}`, logger);
  return {
    requested: make("requested"),
    completed: make("completed"),
    cancelled: make("cancelled"),
    expired: make("expired"),
    assigned: make("assigned"),
    extended: make("extended"),
    escalated: make("escalated"),
    recurred: make("recurred"),
    snoozed: make("snoozed"),
    reopened: make("reopened"),
  };
}

export type Emission = Omit<JobSignalPayload, "db">;

async function emit(signals: JobSignals, tx: Database, emission: Emission): Promise<void> {
  const signal = signals[emission.signal];
  if (!signal.hasReceivers) return;
  await signal.sendRobust({ ...emission, db: tx } as JobSignalPayload, async (call, required) => {
    // A required receiver that fails aborts the whole change (our transaction
    // rolls back, or the caller's rolls back to jtbd_change): it needs no
    // savepoint of its own, which saves two round trips per receiver.
    if (required) return call();
    await tx.execute("SAVEPOINT jtbd_receiver");
    try {
      await call();
    } catch (error) {
      await tx.execute("ROLLBACK TO SAVEPOINT jtbd_receiver");
      throw error;
    }
    await tx.execute("RELEASE SAVEPOINT jtbd_receiver");
  });
}

/**
 * Runs `work` and sends what it emitted. With no receiver connected to the
 * signals it may emit, `work` runs on `db` as it is: each statement is atomic
 * on its own, so the hot paths cost one round trip and no transaction.
 * Otherwise it runs in a transaction (the caller's, if `db` is one) so the
 * receivers commit or roll back with the change.
 */
export async function withEmissions<T>(
  signals: JobSignals,
  db: Database,
  names: readonly JobSignalName[],
  work: (db: Database, emissions: Emission[]) => Promise<T>,
): Promise<T> {
  if (!names.some((name) => signals[name].hasReceivers)) return work(db, []);
  const run = async (tx: Database) => {
    const emissions: Emission[] = [];
    const result = await work(tx, emissions);
    for (const emission of emissions) await emit(signals, tx, emission);
    return result;
  };
  // In the caller's transaction a required receiver's failure must still undo
  // the change even if the caller catches the error and commits: a savepoint
  // around it. Our own transaction rolls back as a whole anyway.
  if (!db.inTransaction || !names.some((name) => signals[name].hasRequiredReceivers)) return db.transaction(run);
  return db.transaction(async (tx) => {
    await tx.execute("SAVEPOINT jtbd_change");
    let result: T;
    try {
      result = await run(tx);
    } catch (error) {
      await tx.execute("ROLLBACK TO SAVEPOINT jtbd_change");
      throw error;
    }
    await tx.execute("RELEASE SAVEPOINT jtbd_change");
    return result;
  });
}
