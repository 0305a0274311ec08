// Which address a request came from, for the per-client-address rate limits.
//
// Next (`next start`) fills X-Forwarded-For with the peer's address only when
// the request has none, so we read that header. Which entry to believe is
// TRUST_PROXY: the number of proxies in front of the app that append the
// address they saw (nginx `proxy_add_x_forwarded_for`, most load balancers).
// The entry that many from the right was written by our own outermost proxy;
// everything left of it came from the client and may be invented. Default 1:
// one proxy, or none (Next's own entry). Without a proxy, a client talking
// straight to `next start` can send its own X-Forwarded-For and so choose its
// address: run the app behind a proxy in production.

/** The address to count, or "unknown" (still a key: all such requests share one budget). */
export function clientAddress(headers: Headers, trustProxy: number): string {
  const entries = (headers.get("x-forwarded-for") ?? "")
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean);
  const hops = Math.max(1, Math.floor(trustProxy));
  // Fewer entries than proxies: the leftmost is the furthest one any of ours saw.
  const picked = entries[Math.max(0, entries.length - hops)];
  return picked ? normalise(picked) : "unknown";
}

function normalise(address: string): string {
  // An IPv4 client on a dual-stack socket shows as ::ffff:203.0.113.7.
  const value = address.toLowerCase().replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/, "$1");
  // Keep keys short and printable whatever a client or proxy sent.
  return value.replace(/[^0-9a-z.:_-]/g, "").slice(0, 64) || "unknown";
}
