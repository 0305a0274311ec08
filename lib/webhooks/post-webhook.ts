import http from "node:http";
import https from "node:https";
import { checkedLookup, type CheckWebhookUrlOptions } from "./check-webhook-url";

export interface PostWebhookOptions extends CheckWebhookUrlOptions {
  body: string;
  headers: Record<string, string>;
  /** Milliseconds the endpoint has to answer; then the request is aborted with a TimeoutError. */
  timeoutMs: number;
}

/**
 * POSTs one webhook and resolves with the status code the endpoint answered
 * (its body is not read). node:http rather than fetch: fetch resolves the name
 * again on its own, while here the connection takes its address from
 * checkedLookup, so it reaches only an address that was checked. https keeps
 * the name for SNI and certificate checks and Host stays the URL's host.
 * Redirects are not followed (node:http never does). No keep-alive pool
 * (agent: false): a pooled connection opened under one setting must not be
 * reused under another.
 */
export function postWebhook(url: URL, options: PostWebhookOptions): Promise<number> {
  const signal = AbortSignal.timeout(options.timeoutMs);
  const client = url.protocol === "https:" ? https : http;
  return new Promise<number>((resolve, reject) => {
    const request = client.request(
      url,
      {
        method: "POST",
        headers: {
          ...options.headers,
          "Content-Length": String(Buffer.byteLength(options.body)),
        },
        lookup: checkedLookup(options),
        agent: false,
        signal,
      },
      (response) => {
        resolve(response.statusCode ?? 0);
        // The answer's body means nothing to us; drop the connection rather than read it.
        response.destroy();
      },
    );
    // An abort surfaces as a generic AbortError; the signal's reason says it was the timeout.
    request.on("error", (error) => reject(signal.aborted ? signal.reason : error));
    request.end(options.body);
  });
}
