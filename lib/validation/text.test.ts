import { describe, expect, test } from "vitest";
import { isStorableText, text } from "./text";

describe("text()", () => {
  test.each([
    ["line", "Ada\tLovelace\r\nmathematician", "Ada Lovelace  mathematician"],
    ["line", "bell\u0007 and DEL\u007f and C1\u0085 go", "bell and DEL and C1 go"],
    ["line", "emoji 👩‍💻 and accents é stay", "emoji 👩‍💻 and accents é stay"],
    ["multiline", "first\r\nsecond\rthird\n\tindented", "first\nsecond\nthird\n\tindented"],
    ["multiline", "escape \u001b[31m sequences go", "escape [31m sequences go"],
    ["exact", "pass\tword\u0007", "pass\tword\u0007"],
  ] as const)("%s keeps or strips: %j", (kind, input, expected) => {
    expect(text({ label: "The field", kind }).parse(input)).toBe(expected);
  });

  test.each([
    ["a NUL", "before\u0000after", /NUL/],
    ["a NUL alone", "\u0000", /NUL/],
    ["a lone high surrogate (half an emoji)", "cut \uD83D", /broken character/],
    ["a lone low surrogate", "\uDE00 start", /broken character/],
    ["surrogates in the wrong order", "\uDE00\uD83D", /broken character/],
  ])("refuses %s in every kind", (_label, input, message) => {
    for (const kind of ["line", "multiline", "exact"] as const) {
      const result = text({ label: "The reason", kind }).safeParse(input);
      expect(result.success, kind).toBe(false);
      expect(result.error?.issues[0]?.message).toMatch(message);
      expect(result.error?.issues[0]?.message).toMatch(/^The reason /);
    }
  });

  test("a non-string gets the given message", () => {
    expect(text({ label: "The name", error: "Enter your name." }).safeParse(42).error?.issues[0]?.message).toBe("Enter your name.");
  });

  test("chains like z.string(): stripping happens before trim and length checks", () => {
    const schema = text({ label: "The name" }).trim().min(1, "Enter it.").max(3, "Too long.");
    expect(schema.safeParse("\u0007\u0007\u0007\u0007 ab ").data).toBe("ab");
    expect(schema.safeParse("\u0007 ").error?.issues[0]?.message).toBe("Enter it.");
  });

  test.each([
    ["plain", "hello", true],
    ["a whole emoji", "😀", true],
    ["a NUL", "a\u0000", false],
    ["half an emoji", "😀".slice(0, 1), false],
  ])("isStorableText: %s", (_label, input, expected) => {
    expect(isStorableText(input)).toBe(expected);
  });
});
