// When "tomorrow" and "next week" are, in the browser's own time zone: a
// person snoozing at 23:00 means tomorrow morning where they are, not in UTC.

/** The hour a snoozed job comes back on the day chosen. */
export const SNOOZE_HOUR = 9;

export interface SnoozePreset {
  key: "tomorrow" | "next-week";
  label: string;
  until: Date;
}

function atMorning(day: Date): Date {
  const at = new Date(day);
  at.setHours(SNOOZE_HOUR, 0, 0, 0);
  return at;
}

/** Tomorrow morning, and next Monday morning (a week on if today is Monday). */
export function snoozePresets(now: Date): SnoozePreset[] {
  const tomorrow = new Date(now);
  tomorrow.setDate(now.getDate() + 1);
  const monday = new Date(now);
  monday.setDate(now.getDate() + ((8 - now.getDay()) % 7 || 7));
  const day = new Intl.DateTimeFormat(undefined, { weekday: "short", day: "numeric", month: "short" });
  return [
    { key: "tomorrow", label: `Tomorrow (${day.format(tomorrow)})`, until: atMorning(tomorrow) },
    { key: "next-week", label: `Next week (${day.format(monday)})`, until: atMorning(monday) },
  ];
}

/** `yyyy-mm-dd` of a local date, as an `<input type="date">` reads and writes it. */
export function dateInputValue(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** The morning of a picked `yyyy-mm-dd` day, local time; null for anything else. */
export function pickedDay(value: string): Date | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return null;
  const at = new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]), SNOOZE_HOUR);
  return Number.isNaN(at.getTime()) ? null : at;
}
