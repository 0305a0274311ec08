// autocannon ships no types and @types/autocannon is not installed: the
// subset of its programmatic API the bench uses (read off
// node_modules/autocannon/lib/init.js, run.js and aggregateResult.js).
declare module "autocannon" {
  import type { EventEmitter } from "node:events";

  interface Options {
    url: string;
    connections?: number;
    duration?: number;
    headers?: Record<string, string>;
    /** Seconds before a request counts as timed out. */
    timeout?: number;
    method?: string;
    body?: string;
    /** Requests sent in turn; setupRequest may rewrite each before it goes (bench/api.ts: a new target per request). */
    requests?: {
      method?: string;
      path?: string;
      headers?: Record<string, string>;
      body?: string;
      setupRequest?: (request: RequestData) => RequestData;
    }[];
  }

  interface RequestData {
    method: string;
    path: string;
    headers: Record<string, string>;
    body?: string;
  }

  interface Histogram {
    average: number;
    mean: number;
    p50: number;
    p97_5: number;
    p99: number;
    max: number;
    total: number;
  }

  interface Result {
    duration: number;
    errors: number;
    timeouts: number;
    non2xx: number;
    "2xx": number;
    statusCodeStats: Record<string, { count: number }>;
    latency: Histogram;
    requests: Histogram & { sent: number };
    /** Bytes a second. */
    throughput: Histogram;
  }

  /** An EventEmitter ("response": client, statusCode, resBytes, responseTimeMs) that is also a promise of the result. */
  interface Instance extends EventEmitter, PromiseLike<Result> {
    stop(): void;
  }

  function autocannon(options: Options): Instance;
  export default autocannon;
}
