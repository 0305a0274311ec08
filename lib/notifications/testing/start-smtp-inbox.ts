import { SMTPServer } from "smtp-server";
import { findFreePort } from "@/lib/db/embedded";

// A real SMTP server on loopback for the tests: it receives what nodemailer
// sends, parses just enough MIME to assert on (headers, the text part), and can
// refuse recipients with a 5xx like a mail server's policy would.

export interface ReceivedEmail {
  /** RCPT TO addresses. */
  to: string[];
  from: string;
  subject: string;
  /** Header names lowercased; unfolded values. */
  headers: Map<string, string>;
  text: string;
  html: string;
  raw: string;
}

export interface SmtpInbox {
  url: string;
  port: number;
  messages: ReceivedEmail[];
  to(address: string): ReceivedEmail[];
  /**
   * Refuse RCPT TO with a 550 (or the given code: 451 is "try again later")
   * while `refuse` returns true for the address (it is asked each time, so a
   * counter in it can refuse only the first tries).
   */
  refuseWhen(refuse: ((address: string) => boolean) | null, responseCode?: number): void;
  /**
   * A slow mail server: the next message to `address` is read to its end and
   * then not answered until `release()` (the client waits for its 250).
   * `reached` settles when the message is being held.
   */
  stallNext(address: string): { reached: Promise<void>; release(): void };
  close(): Promise<void>;
}

export async function startSmtpInbox(): Promise<SmtpInbox> {
  const messages: ReceivedEmail[] = [];
  let refuse: ((address: string) => boolean) | null = null;
  let refusalCode = 550;
  const stalls = new Map<string, { reached: () => void; released: Promise<void> }>();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (refuse?.(address.address)) {
        const text = refusalCode < 500 ? "4.7.1 <%s>: Try again later" : "5.7.1 <%s>: Recipient address rejected by policy";
        const error = Object.assign(new Error(text.replace("%s", address.address)), { responseCode: refusalCode });
        return callback(error);
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        const raw = Buffer.concat(chunks).toString("utf8");
        const to = session.envelope.rcptTo.map((r) => r.address);
        const accept = () => {
          messages.push({ ...parseMessage(raw), to, from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "", raw });
          callback();
        };
        const stall = to.map((address) => stalls.get(address)).find(Boolean);
        if (!stall) return accept();
        for (const address of to) stalls.delete(address);
        stall.reached();
        void stall.released.then(accept);
      });
    },
  });
  const port = await findFreePort();
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve());
  });
  return {
    url: `smtp://127.0.0.1:${port}`,
    port,
    messages,
    to: (address) => messages.filter((m) => m.to.includes(address)),
    refuseWhen(fn, responseCode = 550) {
      refuse = fn;
      refusalCode = responseCode;
    },
    stallNext(address) {
      let reached!: () => void;
      let release!: () => void;
      const reachedPromise = new Promise<void>((resolve) => (reached = resolve));
      const released = new Promise<void>((resolve) => (release = resolve));
      stalls.set(address, { reached, released });
      return { reached: reachedPromise, release };
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function parseHeaders(block: string): Map<string, string> {
  const headers = new Map<string, string>();
  for (const line of block.replace(/\r\n[ \t]+/g, " ").split("\r\n")) {
    const colon = line.indexOf(":");
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  return headers;
}

function decode(body: string, encoding: string | undefined): string {
  switch ((encoding ?? "7bit").toLowerCase()) {
    case "quoted-printable":
      return Buffer.from(
        body.replace(/=\r\n/g, "").replace(/=([0-9A-F]{2})/gi, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16))),
        "latin1",
      ).toString("utf8");
    case "base64":
      return Buffer.from(body.replace(/\s+/g, ""), "base64").toString("utf8");
    default:
      return body;
  }
}

function parseMessage(raw: string): Pick<ReceivedEmail, "headers" | "subject" | "text" | "html"> {
  const split = raw.indexOf("\r\n\r\n");
  const headers = parseHeaders(raw.slice(0, split));
  const body = raw.slice(split + 4);
  const parts: { type: string; content: string }[] = [];
  const boundary = /boundary="?([^";]+)"?/i.exec(headers.get("content-type") ?? "")?.[1];
  if (boundary) {
    for (const chunk of body.split(`--${boundary}`).slice(1)) {
      if (chunk.startsWith("--")) break;
      const end = chunk.indexOf("\r\n\r\n");
      const partHeaders = parseHeaders(chunk.slice(0, end).replace(/^\r\n/, ""));
      parts.push({
        type: partHeaders.get("content-type") ?? "",
        content: decode(chunk.slice(end + 4).replace(/\r\n$/, ""), partHeaders.get("content-transfer-encoding")),
      });
    }
  } else {
    parts.push({ type: headers.get("content-type") ?? "text/plain", content: decode(body, headers.get("content-transfer-encoding")) });
  }
  return {
    headers,
    subject: headers.get("subject") ?? "",
    text: parts.find((p) => p.type.startsWith("text/plain"))?.content ?? "",
    html: parts.find((p) => p.type.startsWith("text/html"))?.content ?? "",
  };
}
