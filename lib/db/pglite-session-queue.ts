import type { PGlite } from "@electric-sql/pglite";
import { log } from "@/lib/log";

// PGlite runs one backend: every connection of the socket server shares it.
// @electric-sql/pglite-socket 0.2.17 queues each protocol *message* on its own,
// so a Parse from one connection can land between another connection's Parse
// and Bind ("bind message supplies 1 parameters, but prepared statement ""
// requires 3", "portal "" does not exist"). This queue hands the backend to one
// connection for a whole exchange instead: from its first message until the
// message that ends the exchange (Sync, a simple Query, Terminate or the
// startup packet), and for as long as that connection holds a transaction open.
// It has the interface the socket handler expects of its query queue.

interface Queued {
  handlerId: number;
  message: Uint8Array;
  onData: (data: Uint8Array) => void;
  resolve: (bytes: number) => void;
  reject: (error: Error) => void;
}

const SYNC = 0x53; // 'S'
const QUERY = 0x51; // 'Q'
const TERMINATE = 0x58; // 'X'
const PROTOCOL_3 = 196608;

/** Whether this message ends an exchange, after which another connection may go. */
function endsExchange(message: Uint8Array): boolean {
  const type = message[0];
  if (type === SYNC || type === QUERY || type === TERMINATE) return true;
  // The startup packet has no type byte: a length, then the protocol version.
  if (message.length >= 8) {
    const view = new DataView(message.buffer, message.byteOffset, message.byteLength);
    return view.getInt32(4) === PROTOCOL_3;
  }
  return false;
}

export class PGliteSessionQueue {
  private queue: Queued[] = [];
  private processing = false;
  /** The connection that has the backend now, or null when any may take it. */
  private owner: number | null = null;

  constructor(private readonly db: PGlite) {}

  enqueue(handlerId: number, message: Uint8Array, onData: (data: Uint8Array) => void): Promise<number> {
    return new Promise((resolve, reject) => {
      this.queue.push({ handlerId, message, onData, resolve, reject });
      void this.process();
    });
  }

  private next(): Queued | undefined {
    if (this.owner === null) return this.queue.shift();
    const i = this.queue.findIndex((q) => q.handlerId === this.owner);
    // The owner has not sent its next message yet: wait for it, serve nobody else.
    return i === -1 ? undefined : this.queue.splice(i, 1)[0];
  }

  private async process(): Promise<void> {
    if (this.processing) return;
    this.processing = true;
    try {
      for (let item = this.next(); item; item = this.next()) {
        const current = item;
        let bytes = 0;
        try {
          await this.db.runExclusive(() =>
            this.db.execProtocolRawStream(current.message, {
              onRawData: (data: Uint8Array) => {
                bytes += data.length;
                current.onData(data);
              },
            }),
          );
        } catch (error) {
          this.owner = null;
          current.reject(error as Error);
          continue;
        }
        this.owner = endsExchange(current.message) && !this.db.isInTransaction() ? null : current.handlerId;
        current.resolve(bytes);
      }
    } finally {
      this.processing = false;
    }
  }

  getQueueLength(): number {
    return this.queue.length;
  }

  /** A connection went away: drop what it queued and free the backend if it had it. */
  clearQueueForHandler(handlerId: number): void {
    this.queue = this.queue.filter((q) => {
      if (q.handlerId !== handlerId) return true;
      q.reject(new Error("Handler disconnected"));
      return false;
    });
  }

  /** …and roll back a transaction it left open, then serve the others. */
  async clearTransactionIfNeeded(handlerId: number): Promise<void> {
    if (this.owner !== handlerId) return;
    if (this.db.isInTransaction()) {
      await this.db
        .exec("ROLLBACK")
        .catch((error: unknown) => log.error("embedded database: rollback after a dropped connection failed", { error }));
    }
    this.owner = null;
    await this.process();
  }
}
