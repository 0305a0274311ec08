import { type CohortRange, formatDay } from "./insights-params";

export interface CohortPreset {
  label: string;
  range: CohortRange;
}

const DAY_MS = 86_400_000;

/**
 * The cohort presets offered above the funnel, as date ranges ending today
 * (UTC). They become plain from/to dates in the URL, so a shared link keeps
 * showing the same people tomorrow.
 */
export function cohortPresets(today: Date): CohortPreset[] {
  const to = formatDay(today);
  const daysBack = (days: number) => ({ from: formatDay(new Date(today.getTime() - (days - 1) * DAY_MS)), to });
  return [
    { label: "Last 7 days", range: daysBack(7) },
    { label: "Last 30 days", range: daysBack(30) },
    { label: "Last 8 weeks", range: daysBack(56) },
    { label: "All time", range: {} },
  ];
}
