import { type Db, inTransaction, type Prisma } from "@/lib/db/client";
import { Signal } from "./signal";
import type { Actor, Job, JsonObject } from "./types";

// The job signals code can subscribe to. Receivers run inside the transaction
// that made the change, each in its own savepoint: what a receiver writes
// commits with the change (so an outbox row is never lost or orphaned), and a
// receiver that fails is rolled back to its savepoint and logged, leaving the
// change and the other receivers' work in place.
//
// Receivers must only do database work through `payload.db`. Anything that
// leaves the database (email, HTTP) belongs in a queue a receiver writes to.

export interface JobSignalPayload {
  signal: JobSignalName;
  job: Job;
  actor: Actor;
  /** What the change carried: completion metadata, a reason, the previous assignee… */
  data: JsonObject;
  /** The transaction the change was made in. */
  db: Prisma.TransactionClient;
}

export const jobSignals = {
  requested: new Signal<JobSignalPayload>("job.requested"),
  completed: new Signal<JobSignalPayload>("job.completed"),
  cancelled: new Signal<JobSignalPayload>("job.cancelled"),
  expired: new Signal<JobSignalPayload>("job.expired"),
  assigned: new Signal<JobSignalPayload>("job.assigned"),
  extended: new Signal<JobSignalPayload>("job.extended"),
} as const;

export type JobSignalName = keyof typeof jobSignals;

export type Emission = Omit<JobSignalPayload, "db">;

/** Sends one emission's signal to its receivers inside `tx`, one savepoint each. */
export async function emit(tx: Prisma.TransactionClient, emission: Emission): Promise<void> {
  const signal = jobSignals[emission.signal];
  if (!signal.hasReceivers) return;
  await signal.send({ ...emission, db: tx }, async (call) => {
    await tx.$executeRawUnsafe("SAVEPOINT jtbd_receiver");
    try {
      await call();
    } catch (error) {
      await tx.$executeRawUnsafe("ROLLBACK TO SAVEPOINT jtbd_receiver");
      throw error;
    }
    await tx.$executeRawUnsafe("RELEASE SAVEPOINT jtbd_receiver");
  });
}

/**
 * Runs `work` and sends what it emitted. With no receivers connected for the
 * signals it may emit, `work` runs on `db` as is (its statements are atomic on
 * their own); otherwise it runs in a transaction — the caller's, if `db` is one
 * — so receivers commit or roll back with the change.
 */
export async function withEmissions<T>(
  db: Db,
  signals: readonly JobSignalName[],
  work: (db: Db, emissions: Emission[]) => Promise<T>,
): Promise<T> {
  if (!signals.some((s) => jobSignals[s].hasReceivers)) return work(db, []);
  return inTransaction(db, async (tx) => {
    const emissions: Emission[] = [];
    const result = await work(tx, emissions);
    for (const emission of emissions) await emit(tx, emission);
    return result;
  });
}
