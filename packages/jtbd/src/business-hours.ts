import { JobsError } from "./jobs-error.js";

// Working time for SLAs, defined once per engine: the days and hours people
// work, in one time zone. An SLA counted in business hours only runs while
// that window is open, so a job requested on Friday evening with 8 business
// hours to resolve is due on Monday at 17:00, not on Saturday morning.
// Wall-clock arithmetic runs through Intl (no dependency): each day's opening
// and closing are converted from local time to an instant, so a change of
// daylight saving time moves them with the clock on the wall.

export interface BusinessHours {
  /** An IANA time zone, e.g. "Europe/Berlin". */
  timeZone: string;
  /** The working days, ISO numbering: 1 = Monday … 7 = Sunday. Monday to Friday by default. */
  days?: readonly number[];
  /** Opening time, local, "HH:MM" (24-hour). */
  start: string;
  /** Closing time, local, "HH:MM", after `start` on the same day. */
  end: string;
}

/** How SLA hours are counted: on the wall clock, or in the engine's business hours. */
export interface HoursClock {
  /** The instant `hours` of counted time after `from`. */
  add(from: Date, hours: number): Date;
  /**
   * The latest instant with at least `hours` of counted time between it and
   * `to`: a job requested at or before it has reached `hours` by `to`.
   */
  latestStartBefore(to: Date, hours: number): Date;
}

const HOUR = 3_600_000;

export const wallClock: HoursClock = {
  add: (from, hours) => new Date(from.getTime() + hours * HOUR),
  latestStartBefore: (to, hours) => new Date(to.getTime() - hours * HOUR),
};

const TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;

function minutesOf(field: string, value: string): number {
  const match = TIME.exec(value);
  if (!match) throw new JobsError("invalid_input", `businessHours.${field} must be a time like "09:00" (24-hour).`);
  return Number(match[1]) * 60 + Number(match[2]);
}

type LocalDate = { y: number; m: number; d: number };

/** Checks a definition once and returns its clock; throws `invalid_input` naming what is wrong. */
export function businessHoursClock(hours: BusinessHours): HoursClock {
  let format: Intl.DateTimeFormat;
  try {
    format = new Intl.DateTimeFormat("en-US", {
      timeZone: hours.timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
  } catch {
    throw new JobsError("invalid_input", `businessHours.timeZone "${hours.timeZone}" is not a time zone this runtime knows.`);
  }
  const open = minutesOf("start", hours.start);
  const close = minutesOf("end", hours.end);
  if (close <= open) throw new JobsError("invalid_input", "businessHours.end must be later than businessHours.start.");
  const days = new Set(hours.days ?? [1, 2, 3, 4, 5]);
  if (days.size === 0 || [...days].some((day) => !Number.isInteger(day) || day < 1 || day > 7)) {
    throw new JobsError("invalid_input", "businessHours.days must list ISO weekdays, 1 (Monday) to 7 (Sunday).");
  }

  const local = (ms: number) => {
    const p: Record<string, number> = {};
    for (const part of format.formatToParts(new Date(ms))) if (part.type !== "literal") p[part.type] = Number(part.value);
    return p as { year: number; month: number; day: number; hour: number; minute: number; second: number };
  };
  // How far the zone's wall clock is ahead of UTC at this instant.
  const offsetAt = (ms: number) => {
    const p = local(ms);
    return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - (ms - (((ms % 1000) + 1000) % 1000));
  };
  // The instant a local wall time names (the later reading in an autumn overlap).
  const at = ({ y, m, d }: LocalDate, minutes: number) => {
    const guess = Date.UTC(y, m - 1, d, 0, minutes);
    const first = guess - offsetAt(guess);
    const second = guess - offsetAt(first);
    return first === second ? first : Math.max(first, second);
  };
  const dateOf = (ms: number): LocalDate => {
    const p = local(ms);
    return { y: p.year, m: p.month, d: p.day };
  };
  const shift = ({ y, m, d }: LocalDate, by: number): LocalDate => {
    const next = new Date(Date.UTC(y, m - 1, d + by));
    return { y: next.getUTCFullYear(), m: next.getUTCMonth() + 1, d: next.getUTCDate() };
  };
  const isWorkday = ({ y, m, d }: LocalDate) => days.has(((new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7) + 1);
  // Ten years of days: no SLA counts longer; an endless loop is a bug.
  const MAX_DAYS = 3660;
  const tooFar = () => new JobsError("invalid_input", "An SLA longer than ten years cannot be counted in business hours.");

  return {
    add(from, hoursToAdd) {
      let remaining = hoursToAdd * HOUR;
      let day = dateOf(from.getTime());
      for (let i = 0; i < MAX_DAYS; i++, day = shift(day, 1)) {
        if (!isWorkday(day)) continue;
        const start = Math.max(from.getTime(), at(day, open));
        const end = at(day, close);
        if (start >= end) continue;
        if (remaining <= end - start) return new Date(start + remaining);
        remaining -= end - start;
      }
      throw tooFar();
    },
    latestStartBefore(to, hoursBack) {
      let remaining = hoursBack * HOUR;
      let day = dateOf(to.getTime());
      for (let i = 0; i < MAX_DAYS; i++, day = shift(day, -1)) {
        if (!isWorkday(day)) continue;
        const start = at(day, open);
        const end = Math.min(to.getTime(), at(day, close));
        if (end <= start) continue;
        if (remaining <= end - start) return new Date(end - remaining);
        remaining -= end - start;
      }
      throw tooFar();
    },
  };
}
