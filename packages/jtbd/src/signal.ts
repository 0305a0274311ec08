import type { Logger } from "./logger.js";

// A small dispatcher in the spirit of Django's: connect, disconnect, send,
// sendRobust. Receivers run in the order they were connected; connecting the
// same receiver twice keeps one (with the options of the latest connect).

export type Receiver<P> = (payload: P) => unknown;

export interface ConnectOptions {
  /**
   * The change is not complete without this receiver's work (an outbox row):
   * `sendRobust` throws its failure instead of logging it and going on, so
   * the engine aborts the whole change.
   */
  required?: boolean;
}

export interface ReceiverFailure<P> {
  receiver: Receiver<P>;
  error: unknown;
}

/** Wraps each receiver's call (the engine gives each optional receiver its own savepoint); `required` is how it was connected. */
export type AroundReceiver = (call: () => Promise<unknown>, required: boolean) => Promise<unknown>;

const direct: AroundReceiver = (call) => call();

export class Signal<P> {
  /** Each receiver and whether it is required; a Map keeps the connection order. */
  private readonly receivers = new Map<Receiver<P>, boolean>();

  constructor(
    readonly name: string,
    private readonly logger?: Logger,
  ) {}

  /** Subscribes `receiver`; returns a function that unsubscribes it. */
  connect(receiver: Receiver<P>, options: ConnectOptions = {}): () => boolean {
    this.receivers.set(receiver, options.required ?? false);
    return () => this.disconnect(receiver);
  }

  /** Returns whether the receiver was connected. */
  disconnect(receiver: Receiver<P>): boolean {
    return this.receivers.delete(receiver);
  }

  get hasReceivers(): boolean {
    return this.receivers.size > 0;
  }

  get hasRequiredReceivers(): boolean {
    return [...this.receivers.values()].some(Boolean);
  }

  /** Calls every receiver in turn. The first one that throws stops the rest, and its error is thrown. */
  async send(payload: P, around: AroundReceiver = direct): Promise<void> {
    for (const [receiver, required] of [...this.receivers]) await around(async () => receiver(payload), required);
  }

  /**
   * Calls every receiver in turn; an optional one that throws is logged with
   * the signal's name and does not stop the others. A required one that
   * throws stops the rest and its error is thrown. Returns the failures.
   */
  async sendRobust(payload: P, around: AroundReceiver = direct): Promise<ReceiverFailure<P>[]> {
    const failures: ReceiverFailure<P>[] = [];
    // A copy: a receiver may connect or disconnect others while we go.
    for (const [receiver, required] of [...this.receivers]) {
      try {
        await around(async () => receiver(payload), required);
      } catch (error) {
        if (required) throw error;
        failures.push({ receiver, error });
        this.logger?.error("signal receiver failed; the change it reacted to stands", {
          signal: this.name,
          receiver: receiver.name || "(anonymous)",
          error,
        });
      }
    }
    return failures;
  }
}
