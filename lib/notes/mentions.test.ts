import { describe, expect, test } from "vitest";
import { findMentions, matchCandidates, mentionAt, MENTIONS_PER_NOTE, staffHandle } from "./mentions";

describe("findMentions", () => {
  test.each([
    { label: "one mention", body: "@ann can you look?", handles: ["ann"] },
    { label: "lower-cased, each once, in order", body: "@Bo and @ann.lee, then @BO again", handles: ["bo", "ann.lee"] },
    { label: "a full stop after a mention is not part of it", body: "Thanks @ann.lee.", handles: ["ann.lee"] },
    { label: "an email address mentions nobody", body: "write to ann@example.com", handles: [] },
    { label: "a double @ mentions nobody", body: "@@ann", handles: [] },
    { label: "after a bracket or a line break", body: "(@ann)\n@bo", handles: ["ann", "bo"] },
    { label: "a bare @", body: "meet @ 5pm", handles: [] },
    { label: "plus and hyphen stay in a handle", body: "@ann+staff @bo-2", handles: ["ann+staff", "bo-2"] },
  ])("$label", ({ body, handles }) => {
    expect(findMentions(body)).toEqual(handles);
  });

  test(`reads at most ${MENTIONS_PER_NOTE} handles from one note`, () => {
    const body = Array.from({ length: 30 }, (_, i) => `@person${i}`).join(" ");
    expect(findMentions(body)).toHaveLength(MENTIONS_PER_NOTE);
  });
});

test.each([
  ["Ann.Lee@Example.com", "ann.lee"],
  ["bo@example.test", "bo"],
])("the handle of %s is %s", (email, handle) => {
  expect(staffHandle(email)).toBe(handle);
  // What the editor inserts is what the server reads back.
  expect(findMentions(`@${staffHandle(email)} `)).toEqual([handle]);
});

describe("mentionAt (the editor's autocomplete)", () => {
  test.each([
    { label: "just after @", body: "hi @", caret: 4, result: { query: "", start: 3 } },
    { label: "inside a handle being typed", body: "hi @an", caret: 6, result: { query: "an", start: 3 } },
    { label: "not in an email address", body: "ann@ex", caret: 6, result: null },
    { label: "not after a space", body: "@ann ", caret: 5, result: null },
  ])("$label", ({ body, caret, result }) => {
    expect(mentionAt(body, caret)).toEqual(result);
  });
});

test("matchCandidates puts handles and names starting with the query first", () => {
  const candidates = [
    { handle: "jo", label: "Annette Jo" },
    { handle: "ann.lee", label: "Ann Lee" },
    { handle: "bo", label: "Bo" },
  ];
  expect(matchCandidates(candidates, "ann").map((c) => c.handle)).toEqual(["jo", "ann.lee"]);
  expect(matchCandidates(candidates, "lee").map((c) => c.handle)).toEqual(["ann.lee"]);
  expect(matchCandidates(candidates, "")).toHaveLength(3);
});
