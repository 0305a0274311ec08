import { describe, expect, test } from "vitest";
import { isAppError } from "@/lib/errors";
import { checkWebhookUrl, type WebhookLookup } from "./check-webhook-url";

// The SSRF rules as a table: IPv6 forms that carry an IPv4 address inside
// (IPv4-mapped, IPv4-compatible, NAT64, 6to4) lead to that IPv4 address, so a
// private one inside is as private as it is bare. Each is tried as an IP
// literal in the URL and as the answer of a name's lookup.

const answering =
  (address: string): WebhookLookup =>
  async () => [{ address, family: 6 }];

async function outcome(url: string, lookup?: WebhookLookup) {
  try {
    await checkWebhookUrl(url, { allowPrivate: false, lookup });
    return "allowed";
  } catch (error) {
    if (isAppError(error) && error.code === "invalid_input") return "refused";
    throw error;
  }
}

describe.each([
  ["IPv4-mapped loopback, dotted", "::ffff:127.0.0.1", "refused"],
  ["IPv4-mapped loopback, hex (as the URL parser writes it)", "::ffff:7f00:1", "refused"],
  ["IPv4-mapped cloud metadata", "::ffff:a9fe:a9fe", "refused"],
  ["IPv4-compatible loopback (::/96, deprecated)", "::7f00:1", "refused"],
  ["IPv4-compatible private, dotted", "::10.0.0.1", "refused"],
  ["NAT64 loopback (64:ff9b::/96)", "64:ff9b::7f00:1", "refused"],
  ["NAT64 cloud metadata", "64:ff9b::169.254.169.254", "refused"],
  ["NAT64 local-use prefix (64:ff9b:1::/48)", "64:ff9b:1::808:808", "refused"],
  ["6to4 loopback (2002::/16)", "2002:7f00:1::1", "refused"],
  ["6to4 private 10/8", "2002:a00:1::", "refused"],
  ["6to4 cloud metadata", "2002:a9fe:a9fe:1::1", "refused"],
  ["IPv6 loopback", "::1", "refused"],
  ["unique local", "fd00::1", "refused"],
  ["public IPv6", "2606:4700:4700::1111", "allowed"],
  ["IPv4-mapped public", "::ffff:808:808", "allowed"],
  ["NAT64 of a public address", "64:ff9b::808:808", "allowed"],
  ["6to4 of a public address", "2002:808:808::1", "allowed"],
] as const)("%s (%s)", (_label, address, expected) => {
  test("as an IP literal in the URL", async () => {
    expect(await outcome(`https://[${address}]/hook`)).toBe(expected);
  });
  test("as what a name resolves to", async () => {
    expect(await outcome("https://hooks.example.com/hook", answering(address))).toBe(expected);
  });
});
