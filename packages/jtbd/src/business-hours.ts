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
const QUARTER_HOUR = 900_000;
/** Entries per cache before it starts again (years of quarter hours or days: bounded memory). */
const CACHE_LIMIT = 50_000;

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

  // formatToParts is the slow part (a queue page asks for the deadlines of
  // every row: about 60 calls a row before these caches, 0.3 ms). A zone's
  // offset changes only at transitions, which fall on whole quarter hours
  // (UTC) in every zone since the 1970s: the offset is looked up once per
  // quarter hour, and a day's opening and closing instants once per day.
  // How far the zone's wall clock is ahead of UTC at this instant.
  const offsetUncached = (ms: number) => {
    const p: Record<string, number> = {};
    for (const part of format.formatToParts(new Date(ms))) if (part.type !== "literal") p[part.type] = Number(part.value);
    return Date.UTC(p.year!, p.month! - 1, p.day, p.hour, p.minute, p.second) - ms;
  };
  const offsets = new Map<number, number>();
  const offsetAt = (ms: number) => {
    const quarter = Math.floor(ms / QUARTER_HOUR);
    let offset = offsets.get(quarter);
    if (offset === undefined) {
      if (offsets.size >= CACHE_LIMIT) offsets.clear();
      offsets.set(quarter, (offset = offsetUncached(quarter * QUARTER_HOUR)));
    }
    return offset;
  };
  // The instant a local wall time names (the later reading in an autumn overlap).
  const instants = new Map<string, number>();
  const at = ({ y, m, d }: LocalDate, minutes: number) => {
    const key = `${y}-${m}-${d}-${minutes}`;
    let instant = instants.get(key);
    if (instant === undefined) {
      const guess = Date.UTC(y, m - 1, d, 0, minutes);
      const first = guess - offsetAt(guess);
      const second = guess - offsetAt(first);
      instant = first === second ? first : Math.max(first, second);
      if (instants.size >= CACHE_LIMIT) instants.clear();
      instants.set(key, instant);
    }
    return instant;
  };
  const dateOf = (ms: number): LocalDate => {
    const local = new Date(ms + offsetAt(ms));
    return { y: local.getUTCFullYear(), m: local.getUTCMonth() + 1, d: local.getUTCDate() };
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
