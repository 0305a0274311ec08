import { describe, expect, test } from "vitest";
import { FILE_NAME_MAX, storableFileName } from "./file-name";
import { isStorableText } from "./text";

describe("storableFileName", () => {
  test.each([
    ["a short name", "passport.pdf", "passport.pdf"],
    ["an emoji at the 255th character (the reported name)", `${"a".repeat(254)}😀.pdf`, `${"a".repeat(254)}😀`],
    ["an emoji family that would not fit whole", `${"a".repeat(252)}👩‍👩‍👧.pdf`, "a".repeat(252)],
    ["an accent that would be cut from its letter", `${"a".repeat(254)}e\u0301.pdf`, "a".repeat(254)],
    ["control characters", "pass\u0000port\u0007\t.pdf", "passport.pdf"],
    ["half an emoji", "photo\uD83D.png", "photo\uFFFD.png"],
    ["only spaces", "   ", "document"],
    ["only control characters", "\u0001\u0002", "document"],
  ])("%s", (_label, input, expected) => {
    const name = storableFileName(input);
    expect(name).toBe(expected);
    expect(isStorableText(name)).toBe(true);
    expect(Array.from(name).length).toBeLessThanOrEqual(FILE_NAME_MAX);
  });
});
