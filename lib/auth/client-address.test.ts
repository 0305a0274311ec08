import { describe, expect, test } from "vitest";
import { clientAddress } from "./client-address";

const h = (xff?: string) => new Headers(xff === undefined ? {} : { "x-forwarded-for": xff });

describe("clientAddress", () => {
  test.each([
    { label: "next start alone: Next's own entry", xff: "127.0.0.1", trust: 1, expected: "127.0.0.1" },
    {
      label: "one proxy: the entry it appended, not what the client invented",
      xff: "6.6.6.6, 203.0.113.7",
      trust: 1,
      expected: "203.0.113.7",
    },
    { label: "two proxies: the entry the outer one appended", xff: "6.6.6.6, 203.0.113.7, 10.0.0.2", trust: 2, expected: "203.0.113.7" },
    { label: "fewer entries than proxies: the leftmost", xff: "203.0.113.7", trust: 3, expected: "203.0.113.7" },
    { label: "an IPv4 client on a dual-stack socket", xff: "::ffff:192.0.2.1", trust: 1, expected: "192.0.2.1" },
    { label: "junk is cut to a printable key", xff: "<script>alert(1)</script>", trust: 1, expected: "scriptalert1script" },
    { label: "no header", xff: undefined, trust: 1, expected: "unknown" },
  ])("$label", ({ xff, trust, expected }) => {
    expect(clientAddress(h(xff), trust)).toBe(expected);
  });
});
