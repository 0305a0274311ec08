import { describe, expect, test } from "vitest";
import { csvCell, csvRow } from "./csv-row";

describe("csvCell", () => {
  test.each<{ label: string; value: Parameters<typeof csvCell>[0]; cell: string }>([
    { label: "plain text stays as it is", value: "Ann Lee", cell: "Ann Lee" },
    { label: "an empty string stays empty", value: "", cell: "" },
    { label: "null is an empty field", value: null, cell: "" },
    { label: "undefined is an empty field", value: undefined, cell: "" },
    { label: "a comma is quoted", value: "Lee, Ann", cell: '"Lee, Ann"' },
    { label: "a quote is doubled and quoted", value: 'Ann "the boss" Lee', cell: '"Ann ""the boss"" Lee"' },
    { label: "a line feed is quoted", value: "line one\nline two", cell: '"line one\nline two"' },
    { label: "a CRLF is quoted", value: "line one\r\nline two", cell: '"line one\r\nline two"' },
    { label: "= (a formula) is defused with an apostrophe", value: '=HYPERLINK("http://evil")', cell: '"\'=HYPERLINK(""http://evil"")"' },
    { label: "+ is defused", value: "+1 555 0100", cell: "'+1 555 0100" },
    { label: "- is defused", value: "-2+3", cell: "'-2+3" },
    { label: "@ is defused", value: "@SUM(A1:A9)", cell: "'@SUM(A1:A9)" },
    { label: "a leading tab is defused", value: "\t=1+1", cell: "'\t=1+1" },
    { label: "a leading carriage return is defused and quoted", value: "\r=1+1", cell: '"\'\r=1+1"' },
    { label: "a formula with a comma is defused and quoted", value: "=SUM(1,2)", cell: '"\'=SUM(1,2)"' },
    { label: "= further in is harmless", value: "a=b", cell: "a=b" },
    { label: "an email with @ inside is left alone", value: "ann@example.test", cell: "ann@example.test" },
    { label: "a number is written as digits", value: 12.5, cell: "12.5" },
    { label: "a negative number stays a number (digits cannot form a formula)", value: -3, cell: "-3" },
    { label: "NaN is an empty field", value: Number.NaN, cell: "" },
    { label: "a date is ISO 8601 in UTC", value: new Date("2026-03-01T08:30:00Z"), cell: "2026-03-01T08:30:00.000Z" },
  ])("$label", ({ value, cell }) => {
    expect(csvCell(value)).toBe(cell);
  });
});

test("csvRow joins fields with commas and ends the record with CRLF", () => {
  expect(csvRow(["a", "b,c", null, 3, "=x"])).toBe('a,"b,c",,3,\'=x\r\n');
});
