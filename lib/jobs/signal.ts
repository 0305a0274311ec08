import { log } from "@/lib/log";

// A tiny signal dispatcher in the spirit of Django's: connect, disconnect,
// send. Receivers run in the order they were connected; connecting the same
// receiver twice keeps one. Sending is always "robust": a receiver that throws
// is logged with the signal's name and does not stop the receivers after it.

export type Receiver<P> = (payload: P) => unknown;

export interface ReceiverFailure<P> {
  receiver: Receiver<P>;
  error: unknown;
}

export class Signal<P> {
  private readonly receivers = new Set<Receiver<P>>();

  constructor(readonly name: string) {}

  /** Subscribes `receiver`; returns a function that unsubscribes it. */
  connect(receiver: Receiver<P>): () => boolean {
    this.receivers.add(receiver);
    return () => this.disconnect(receiver);
  }

  /** Returns whether the receiver was connected. */
  disconnect(receiver: Receiver<P>): boolean {
    return this.receivers.delete(receiver);
  }

  get hasReceivers(): boolean {
    return this.receivers.size > 0;
  }

  /**
   * Calls every receiver with `payload`, one after another. `around` wraps each
   * call (the engine uses it to give each receiver its own savepoint). Returns
   * the failures, each already logged.
   */
  async send(payload: P, around: (call: () => Promise<unknown>) => Promise<unknown> = (call) => call()): Promise<ReceiverFailure<P>[]> {
    const failures: ReceiverFailure<P>[] = [];
    // Copy: a receiver may connect or disconnect others while we iterate.
    for (const receiver of [...this.receivers]) {
      try {
        await around(async () => receiver(payload));
      } catch (error) {
        failures.push({ receiver, error });
        log.error("signal receiver failed; the change it reacted to stands", {
          signal: this.name,
          receiver: receiver.name || "(anonymous)",
          error,
        });
      }
    }
    return failures;
  }
}
