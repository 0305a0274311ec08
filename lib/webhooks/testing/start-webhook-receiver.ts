import http from "node:http";
import type { AddressInfo } from "node:net";
import { Webhook } from "standardwebhooks";

// A real HTTP receiver on loopback for the webhook tests. Every request is
// verified with the standardwebhooks package against the secret of the
// endpoint its path names; a request that fails verification is recorded as
// unverified (and the tests require none).

export interface ReceivedWebhook {
  path: string;
  id: string;
  type: string;
  verified: boolean;
  body: { type: string; timestamp: string; data: Record<string, unknown> };
}

export interface WebhookReceiver {
  url(path: string): string;
  port: number;
  received: ReceivedWebhook[];
  /** The secret to verify requests to `path` with. */
  secretFor(path: string, secret: string): void;
  /** Status codes to answer on `path`, in turn; the last repeats. Default 200. */
  answer(path: string, statuses: number[], headers?: Record<string, string>): void;
  close(): Promise<void>;
}

export async function startWebhookReceiver(port = 0): Promise<WebhookReceiver> {
  const received: ReceivedWebhook[] = [];
  const secrets = new Map<string, string>();
  const answers = new Map<string, { statuses: number[]; headers: Record<string, string> }>();
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const path = request.url ?? "/";
      const payload = Buffer.concat(chunks).toString("utf8");
      const headers = Object.fromEntries(Object.entries(request.headers).map(([k, v]) => [k, String(v)]));
      let verified = false;
      const secret = secrets.get(path);
      if (secret) {
        try {
          new Webhook(secret).verify(payload, headers);
          verified = true;
        } catch {
          verified = false;
        }
      }
      const body = JSON.parse(payload) as ReceivedWebhook["body"];
      received.push({ path, id: headers["webhook-id"] ?? "", type: body.type, verified, body });
      const plan = answers.get(path);
      const status = plan ? (plan.statuses.length > 1 ? plan.statuses.shift()! : plan.statuses[0]!) : 200;
      response.writeHead(status, plan?.headers ?? {});
      response.end(status < 300 ? "ok" : "no");
    });
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  const actualPort = (server.address() as AddressInfo).port;
  return {
    port: actualPort,
    url: (path) => `http://127.0.0.1:${actualPort}${path}`,
    received,
    secretFor: (path, secret) => void secrets.set(path, secret),
    answer: (path, statuses, headers = {}) => void answers.set(path, { statuses: [...statuses], headers }),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
