import type { PGlite } from "@electric-sql/pglite";

// PGlite runs one backend that every connection of the socket server shares.
// pglite-socket 0.2.17 queues each protocol *message* on its own, so one
// connection's Parse can land between another's Parse and Bind. This queue
// hands the backend to one connection for a whole exchange (until Sync, a
// simple Query, Terminate or the startup packet) and for as long as that
// connection holds a transaction open. The same approach as the app's
// embedded database, rewritten here because the package's tests import
// nothing of the app.

interface Queued {
  handlerId: number;
  message: Uint8Array;
  onData: (data: Uint8Array) => void;
  resolve: (bytes: number) => void;
  reject: (error: Error) => void;
}

const SYNC = 0x53;
const QUERY = 0x51;
const TERMINATE = 0x58;
const PROTOCOL_3 = 196608;

function endsExchange(message: Uint8Array): boolean {
  const type = message[0];
  if (type === SYNC || type === QUERY || type === TERMINATE) return true;
  if (message.length >= 8) return new DataView(message.buffer, message.byteOffset, message.byteLength).getInt32(4) === PROTOCOL_3;
  return false;
}

export class PGliteSessionQueue {
  private queue: Queued[] = [];
  private processing = false;
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

  clearQueueForHandler(handlerId: number): void {
    this.queue = this.queue.filter((q) => {
      if (q.handlerId !== handlerId) return true;
      q.reject(new Error("Handler disconnected"));
      return false;
    });
  }

  async clearTransactionIfNeeded(handlerId: number): Promise<void> {
    if (this.owner !== handlerId) return;
    if (this.db.isInTransaction()) {
      await this.db.exec("ROLLBACK").catch((error: unknown) => console.error("pglite: rollback after a dropped connection failed", error));
    }
    this.owner = null;
    await this.process();
  }
}
