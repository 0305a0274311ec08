import { lookup } from "node:dns/promises";
import net from "node:net";
import { AppError } from "@/lib/errors";

// No server-side request forgery: a webhook URL must not lead the server to
// itself or into the private network. Checked when an endpoint is saved and
// again before every delivery (DNS can change in between), on every address
// the name resolves to. Redirects are never followed (deliver-webhook.ts).

const blocked = new net.BlockList();
for (const [address, prefix] of [
  ["0.0.0.0", 8], // "this network"
  ["10.0.0.0", 8],
  ["100.64.0.0", 10], // carrier-grade NAT
  ["127.0.0.0", 8],
  ["169.254.0.0", 16], // link-local, cloud metadata (169.254.169.254)
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["224.0.0.0", 4], // multicast
  ["240.0.0.0", 4], // reserved, broadcast
] as const) {
  blocked.addSubnet(address, prefix, "ipv4");
}
for (const [address, prefix] of [
  ["::", 128],
  ["::1", 128],
  ["fc00::", 7], // unique local
  ["fe80::", 10], // link-local
  ["ff00::", 8], // multicast
] as const) {
  blocked.addSubnet(address, prefix, "ipv6");
}

function isBlocked(address: string): boolean {
  if (net.isIPv6(address)) {
    // IPv4-mapped (::ffff:127.0.0.1) is the IPv4 address in disguise.
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
    if (mapped) return blocked.check(mapped[1]!, "ipv4");
    return blocked.check(address, "ipv6");
  }
  return blocked.check(address, "ipv4");
}

export interface CheckWebhookUrlOptions {
  /** WEBHOOKS_ALLOW_PRIVATE=on: loopback and private addresses allowed (tests, local development). */
  allowPrivate: boolean;
}

/** Throws `invalid_input` (field `url`) for a URL we will not send to. */
export async function checkWebhookUrl(raw: string, { allowPrivate }: CheckWebhookUrlOptions): Promise<URL> {
  const refuse = (message: string) => new AppError("invalid_input", message, { fieldErrors: { url: [message] } });
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw refuse("Enter a full URL starting with https://.");
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") throw refuse("The URL must start with https:// (or http://).");
  if (url.username || url.password) throw refuse("Put no user name or password in the URL; every delivery is signed instead.");
  if (allowPrivate) return url;
  const host = url.hostname.replace(/^\[|\]$/g, "");
  let addresses: string[];
  try {
    addresses = net.isIP(host) ? [host] : (await lookup(host, { all: true, verbatim: true })).map((a) => a.address);
  } catch {
    throw refuse(`The host ${url.hostname} could not be found. Check the spelling.`);
  }
  if (addresses.length === 0 || addresses.some(isBlocked)) {
    throw refuse(`${url.hostname} resolves to a loopback, private or link-local address. Webhooks go to public addresses only.`);
  }
  return url;
}
