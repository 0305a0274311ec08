import { lookup } from "node:dns/promises";
import net, { type LookupFunction } from "node:net";
import { AppError } from "@/lib/errors";

// No server-side request forgery: a webhook URL must not lead the server to
// itself or into the private network. Checked when an endpoint is saved and
// again before every delivery (DNS can change in between), on every address
// the name resolves to. The request itself connects through checkedLookup,
// so the address it connects to is one that was checked, not the answer of a
// second lookup (DNS rebinding). Redirects are never followed (post-webhook.ts).

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
  ["::", 96], // IPv4-compatible (deprecated, RFC 4291): nothing public uses it
  ["64:ff9b:1::", 48], // NAT64 local-use prefix (RFC 8215): translates into the local network
  ["fc00::", 7], // unique local
  ["fe80::", 10], // link-local
  ["ff00::", 8], // multicast
] as const) {
  blocked.addSubnet(address, prefix, "ipv6");
}

/** The eight 16-bit groups of an IPv6 address (a trailing dotted IPv4 counts as two). */
function ipv6Groups(address: string): number[] {
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(address);
  let text = address;
  if (dotted) {
    const [a, b, c, d] = dotted.slice(1).map(Number) as [number, number, number, number];
    text = `${address.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.split("::") as [string, string | undefined];
  const parse = (part: string) => (part ? part.split(":").map((g) => parseInt(g, 16)) : []);
  const left = parse(head);
  const right = tail === undefined ? [] : parse(tail);
  return [...left, ...Array<number>(8 - left.length - right.length).fill(0), ...right];
}

const ipv4Of = (high: number, low: number) => `${high >> 8}.${high & 0xff}.${low >> 8}.${low & 0xff}`;

/**
 * The IPv4 address an IPv6 one leads to, for the forms that carry one:
 * IPv4-mapped (::ffff:0:0/96), NAT64 (64:ff9b::/96, RFC 6052) and 6to4
 * (2002::/16, the address in groups 2 and 3). A private address inside is as
 * private as it is bare; a public one is allowed as it would be bare.
 */
function embeddedIpv4(address: string): string | null {
  const g = ipv6Groups(address);
  const zeros = (from: number, to: number) => g.slice(from, to).every((x) => x === 0);
  if (zeros(0, 5) && g[5] === 0xffff) return ipv4Of(g[6]!, g[7]!);
  if (g[0] === 0x64 && g[1] === 0xff9b && zeros(2, 6)) return ipv4Of(g[6]!, g[7]!);
  if (g[0] === 0x2002) return ipv4Of(g[1]!, g[2]!);
  return null;
}

function isBlocked(address: string): boolean {
  if (net.isIPv6(address)) {
    const ipv4 = embeddedIpv4(address);
    if (ipv4) return blocked.check(ipv4, "ipv4");
    return blocked.check(address, "ipv6");
  }
  return blocked.check(address, "ipv4");
}

/** Resolves a host name to every address it has (dns.lookup with all: true); tests pass their own. */
export type WebhookLookup = (hostname: string) => Promise<{ address: string; family: number }[]>;

export const systemLookup: WebhookLookup = (hostname) => lookup(hostname, { all: true, verbatim: true });

export interface CheckWebhookUrlOptions {
  /** WEBHOOKS_ALLOW_PRIVATE=on: loopback and private addresses allowed (tests, local development). */
  allowPrivate: boolean;
  lookup?: WebhookLookup;
}

const refuse = (message: string) => new AppError("invalid_input", message, { fieldErrors: { url: [message] } });
const privateAddress = (hostname: string) =>
  refuse(`${hostname} resolves to a loopback, private or link-local address. Webhooks go to public addresses only.`);

/** Throws `invalid_input` (field `url`) for a URL we will not send to. */
export async function checkWebhookUrl(raw: string, { allowPrivate, lookup: resolve = systemLookup }: CheckWebhookUrlOptions): Promise<URL> {
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
    addresses = net.isIP(host) ? [host] : (await resolve(host)).map((a) => a.address);
  } catch {
    throw refuse(`The host ${url.hostname} could not be found. Check the spelling.`);
  }
  if (addresses.length === 0 || addresses.some(isBlocked)) throw privateAddress(url.hostname);
  return url;
}

/**
 * The `lookup` of a webhook request's connection: resolves the name once,
 * refuses it when any address it has is loopback, private or link-local
 * (unless allowed), and hands the connection exactly the addresses it
 * checked. Node asks it for every connection to a name (not for an IP
 * literal, which checkWebhookUrl has checked already).
 */
export function checkedLookup({ allowPrivate, lookup: resolve = systemLookup }: CheckWebhookUrlOptions): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname)
      .then((all) => {
        if (all.length === 0) throw refuse(`The host ${hostname} could not be found. Check the spelling.`);
        if (!allowPrivate && all.some((a) => isBlocked(a.address))) throw privateAddress(hostname);
        const family = options.family === 4 || options.family === 6 ? options.family : 0;
        const usable = family ? all.filter((a) => a.family === family) : all;
        const first = usable[0];
        if (!first) throw refuse(`The host ${hostname} has no IPv${family} address.`);
        if (options.all) callback(null, usable);
        else callback(null, first.address, first.family);
      })
      .catch((error: NodeJS.ErrnoException) => callback(error, ""));
  };
}
