import { log } from "@/lib/log";
import type { JobChangeListener, ListenerMessage } from "./job-change-listener";
import { visibleJobChange, type LiveViewer } from "./visible-job-change";

// One person's Server-Sent Events stream of job changes: what the process's
// listener hears, filtered to what they may see. Framework-free (a web
// Response), so tests drive it with a real listener and a real database.
//
// The wire: `event: job` with the change (its `id:` the change's job event id),
// `event: resync` when changes may have been missed (the browser reconnected
// with a Last-Event-ID, or the process's listener lost its connection): read
// everything again, the simplest catch-up that is always right. `event: ready`
// once changes flow, a comment every ~25 s so proxies keep the connection open,
// and `event: signed-out` (then the end) once the session no longer holds.

export const LIVE_HEARTBEAT_MS = 25_000;
export const LIVE_RECHECK_MS = 60_000;
/** Chunks a browser may leave unread before its stream is closed (it reconnects and reads everything again). */
const MAX_BACKLOG = 1_000;
/** How long a new stream waits for the process's listener before it says ready anyway. */
const LISTEN_WAIT_MS = 5_000;

export interface LiveStreamOptions {
  listener: JobChangeListener;
  viewer: LiveViewer;
  /** Whether the viewer's session still holds as it did (not signed out everywhere, same role); checked every `recheckMs`. */
  stillValid: () => Promise<boolean>;
  /** The Last-Event-ID the browser sent when reconnecting, if any. */
  lastEventId: string | null;
  /** The request's signal: the browser went away. */
  signal: AbortSignal;
  heartbeatMs?: number;
  recheckMs?: number;
}

function frame(event: string, data: unknown, id?: string | null): string {
  return `${id ? `id: ${id}\n` : ""}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

export function liveStreamResponse(options: LiveStreamOptions): Response {
  const { listener, viewer, signal } = options;
  const encoder = new TextEncoder();
  let cleanup = () => undefined as void;

  const stream = new ReadableStream<Uint8Array>(
    {
      start(controller) {
        let open = true;
        const timers: NodeJS.Timeout[] = [];
        const send = (text: string) => {
          if (!open) return;
          if ((controller.desiredSize ?? 0) < -MAX_BACKLOG) {
            log.warn("live stream: the browser stopped reading; closing its stream", { viewerId: viewer.id });
            end();
            return;
          }
          controller.enqueue(encoder.encode(text));
        };
        const onMessage = (message: ListenerMessage) => {
          if (message.type === "resync") return send(frame("resync", {}));
          const visible = visibleJobChange(message.change, viewer);
          if (visible) send(frame("job", visible, visible.eventId));
        };
        const unsubscribe = listener.subscribe(onMessage);
        const end = () => {
          if (!open) return;
          open = false;
          unsubscribe();
          for (const timer of timers) clearInterval(timer);
          signal.removeEventListener("abort", end);
          try {
            controller.close();
          } catch (error) {
            // Already closed or errored by the runtime (the browser left first): nothing left to close.
            log.debug("live stream: close after the stream ended", { error });
          }
        };
        cleanup = end;
        if (signal.aborted) return end();
        signal.addEventListener("abort", end);

        // `retry`: how long the browser waits before reconnecting after a drop.
        send("retry: 3000\n\n");
        const ready = () => {
          send(frame("ready", {}));
          if (options.lastEventId) send(frame("resync", {}));
        };
        if (listener.listening) ready();
        else {
          let said = false;
          const sayReady = () => {
            if (said) return;
            said = true;
            ready();
          };
          void listener.whenListening().then(sayReady);
          const wait = setTimeout(sayReady, LISTEN_WAIT_MS);
          wait.unref();
          timers.push(wait);
        }
        const heartbeat = setInterval(() => send(": ping\n\n"), options.heartbeatMs ?? LIVE_HEARTBEAT_MS);
        heartbeat.unref();
        const recheck = setInterval(() => {
          options.stillValid().then(
            (valid) => {
              if (valid) return;
              send(frame("signed-out", {}));
              end();
            },
            (error: unknown) => log.warn("live stream: could not check the session; checking again later", { error, viewerId: viewer.id }),
          );
        }, options.recheckMs ?? LIVE_RECHECK_MS);
        recheck.unref();
        timers.push(heartbeat, recheck);
      },
      cancel() {
        cleanup();
      },
    },
    { highWaterMark: 16 },
  );

  return new Response(stream, {
    headers: {
      "Content-Type": "text/event-stream; charset=utf-8",
      // no-transform: the server's gzip would otherwise hold events back to fill its buffer.
      "Cache-Control": "no-store, no-transform",
      // nginx and friends: do not buffer this response.
      "X-Accel-Buffering": "no",
    },
  });
}
