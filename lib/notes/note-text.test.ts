import { expect, test } from "vitest";
import { noteParts, safeHref } from "./note-text";

test.each([
  {
    label: "a URL in a sentence, without its full stop",
    body: "See https://example.test/a?b=1.",
    parts: [
      { kind: "text", text: "See " },
      { kind: "link", text: "https://example.test/a?b=1", href: "https://example.test/a?b=1" },
      { kind: "text", text: "." },
    ],
  },
  {
    label: "a URL in brackets keeps its own balanced brackets only",
    body: "(docs: http://example.test/wiki/A_(b))",
    parts: [
      { kind: "text", text: "(docs: " },
      { kind: "link", text: "http://example.test/wiki/A_(b)", href: "http://example.test/wiki/A_(b)" },
      { kind: "text", text: ")" },
    ],
  },
  { label: "javascript: stays text", body: "javascript:alert(1)", parts: [{ kind: "text", text: "javascript:alert(1)" }] },
  {
    label: "markup stays text",
    body: '<a href="https://x.test">x</a>',
    parts: [
      { kind: "text", text: '<a href="' },
      { kind: "link", text: "https://x.test", href: "https://x.test/" },
      { kind: "text", text: '">x</a>' },
    ],
  },
  { label: "data: stays text", body: "data:text/html,<b>x</b>", parts: [{ kind: "text", text: "data:text/html,<b>x</b>" }] },
  { label: "no URL", body: "plain words", parts: [{ kind: "text", text: "plain words" }] },
])("$label", ({ body, parts }) => {
  expect(noteParts(body)).toEqual(parts);
  expect(
    noteParts(body)
      .map((p) => p.text)
      .join(""),
  ).toBe(body);
});

test.each(["javascript:alert(1)", "ftp://example.test/", "https://", "mailto:a@example.test"])("%s is no link", (candidate) => {
  expect(safeHref(candidate)).toBeNull();
});
