import { describe, expect, test } from "vitest";
import { safeCallbackUrl } from "./auth";

// The sign-in page redirects to this value; anything that could leave the site
// (or break the Location header) must fall back.
describe("safeCallbackUrl", () => {
  test.each([
    ["a plain path", "/todo", "/todo"],
    ["a path with query and hash", "/staff/queues/x?status=pending#top", "/staff/queues/x?status=pending#top"],
    ["an encoded slash inside a path segment", "/documents/a%2Fb", "/documents/a%2Fb"],
    ["dot segments, resolved", "/a/../todo", "/todo"],
  ])("keeps %s", (_label, input, expected) => {
    expect(safeCallbackUrl(input)).toBe(expected);
  });

  test.each([
    ["another origin", "https://evil.invalid/path"],
    ["a protocol-relative URL", "//evil.invalid/path"],
    ["a backslash after the slash", "/\\evil.invalid/path"],
    ["a backslash later on", "/todo\\..\\x"],
    ["a tab after the slash (the reported case)", "/\t/evil.invalid/path"],
    ["a carriage return", "/\r/evil.invalid"],
    ["a line feed", "/todo\nSet-Cookie: x=1"],
    ["a NUL", "/todo\0"],
    ["DEL", "/todo\x7f"],
    ["an encoded tab", "/%09/evil.invalid/path"],
    ["an encoded carriage return", "/%0D/evil.invalid"],
    ["an encoded line feed, lower case", "/todo%0a"],
    ["an encoded backslash", "/%5Cevil.invalid"],
    ["a twice-encoded tab", "/%2509/evil.invalid"],
    ["a dot segment before a second slash", "/.//evil.invalid/x"],
    ["an encoded dot segment before a second slash", "/%2e//evil.invalid"],
    ["a parent segment that leaves a second slash", "/a/..//evil.invalid"],
    ["a parent segment at the root before a second slash", "/..//evil.invalid"],
    ["a dot segment before a backslash", "/./\\evil.invalid"],
    ["an encoded slash after the first", "/%2F/evil.invalid"],
    ["a twice-encoded slash after the first", "/%252F/evil.invalid"],
    ["a javascript: URL", "javascript:alert(1)"],
    ["a relative path", "todo"],
    ["an empty string", ""],
    ["a non-string", 42],
    ["an array (a repeated query parameter)", ["/todo", "//evil.invalid"]],
    ["undefined", undefined],
  ])("refuses %s", (_label, input) => {
    expect(safeCallbackUrl(input)).toBe("/todo");
  });

  test("uses the given fallback", () => {
    expect(safeCallbackUrl("//evil.invalid", "/staff")).toBe("/staff");
  });
});
