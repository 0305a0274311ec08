// Staff work across time zones and the server renders these pages, so
// absolute times are shown in UTC and say so, rather than in whatever zone
// the server happens to run in.
const formatter = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });

/** "24 Nov 2026, 06:47 UTC". */
export function formatDateTime(date: Date): string {
  return `${formatter.format(date)} UTC`;
}
