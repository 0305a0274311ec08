// CSV as RFC 4180 writes it (comma-separated, CRLF line ends, fields with a
// quote, comma or line break wrapped in quotes with quotes doubled), plus the
// defence against formula injection: a spreadsheet runs a cell starting with
// = + - @ (or a tab or carriage return, which some treat the same) as a
// formula, so such text gets a leading apostrophe and is shown as text.
// People's names and emails are typed by them, so this matters.

export type CsvValue = string | number | Date | null | undefined;

const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

/** One field. Numbers are written as they are: a JS number's digits can never form a formula. */
export function csvCell(value: CsvValue): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "";
  let text = value instanceof Date ? value.toISOString() : value;
  if (FORMULA_START.test(text)) text = `'${text}`;
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One record, with its CRLF line end. */
export function csvRow(cells: readonly CsvValue[]): string {
  return `${cells.map(csvCell).join(",")}\r\n`;
}
