import http from "node:http";
import { type Library, LibraryError } from "./library.js";

// A plain node:http front door: parse, check, hand off, answer in JSON.
// Wrong calls get a 4xx with a message; nothing else leaks.

type Handler = (params: Record<string, string>, body: Record<string, unknown>) => Promise<unknown>;

function text(body: Record<string, unknown>, field: string): string {
  const value = body[field];
  if (typeof value !== "string" || value.trim() === "" || value.length > 100)
    throw new LibraryError(400, `"${field}" must be text of 1 to 100 characters.`);
  return value.trim();
}

export function createServer(library: Library, log: (message: string, context: Record<string, unknown>) => void): http.Server {
  const routes: [string, RegExp, Handler][] = [
    [
      "POST",
      /^\/loans$/,
      async (_p, body) => library.lendBook({ loanId: text(body, "loanId"), bookId: text(body, "bookId"), member: text(body, "member") }),
    ],
    [
      "POST",
      /^\/loans\/(?<loanId>[^/]+)\/return$/,
      async (p, body) => library.returnBook({ loanId: p.loanId!, inspectedBy: text(body, "inspectedBy") }),
    ],
    ["GET", /^\/members\/(?<member>[^/]+)\/todo$/, async (p) => ({ jobs: await library.todoOf(p.member!) })],
    ["GET", /^\/health$/, async () => ({ ok: true })],
  ];

  return http.createServer(async (req, res) => {
    const answer = (status: number, payload: unknown) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(payload));
    };
    try {
      const url = new URL(req.url ?? "/", "http://localhost");
      const route = routes.find(([method, path]) => method === req.method && path.test(url.pathname));
      if (!route) return answer(404, { error: "No such route." });
      const params = Object.fromEntries(
        Object.entries(route[1].exec(url.pathname)?.groups ?? {}).map(([k, v]) => [k, decodeURIComponent(v)]),
      );
      let body: Record<string, unknown> = {};
      if (req.method === "POST") {
        const chunks: Buffer[] = [];
        for await (const chunk of req) chunks.push(chunk as Buffer);
        try {
          const parsed: unknown = chunks.length ? JSON.parse(Buffer.concat(chunks).toString("utf8")) : {};
          if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw new Error("not an object");
          body = parsed as Record<string, unknown>;
        } catch {
          return answer(400, { error: "The body must be a JSON object." });
        }
      }
      answer(200, await route[2](params, body));
    } catch (error) {
      if (error instanceof LibraryError) return answer(error.status, { error: error.message });
      log("request failed", { method: req.method, url: req.url, error: String(error) });
      answer(500, { error: "Something went wrong on our side." });
    }
  });
}
