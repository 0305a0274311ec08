import { expect, test } from "vitest";
import { formatDuration } from "./format-duration";

const MIN = 60;
const HOUR = 3600;
const DAY = 86_400;

test.each<{ label: string; seconds: number; text: string }>([
  { label: "nothing", seconds: 0, text: "under 1 min" },
  { label: "negative (clock skew)", seconds: -30, text: "under 1 min" },
  { label: "seconds", seconds: 59, text: "under 1 min" },
  { label: "one minute", seconds: MIN, text: "1 min" },
  { label: "minutes", seconds: 45 * MIN, text: "45 min" },
  { label: "59.6 minutes round up to an hour", seconds: 59.6 * MIN, text: "1 h" },
  { label: "whole hours", seconds: 3 * HOUR, text: "3 h" },
  { label: "an hour and a half", seconds: 1.5 * HOUR, text: "1.5 h" },
  { label: "ten hours and more are whole", seconds: 12.4 * HOUR, text: "12 h" },
  { label: "23.98 hours is a day, not 24 h", seconds: 23.98 * HOUR, text: "1 day" },
  { label: "one day", seconds: DAY, text: "1 day" },
  { label: "a day and a half", seconds: 1.5 * DAY, text: "1.5 days" },
  { label: "days with a decimal below ten", seconds: 3.25 * DAY, text: "3.3 days" },
  { label: "whole days from ten up", seconds: 12.6 * DAY, text: "13 days" },
])("$label → $text", ({ seconds, text }) => {
  expect(formatDuration(seconds)).toBe(text);
});
