"use client";

import dynamic from "next/dynamic";
import type { CohortTrendChartProps } from "./cohort-trend-chart";

// The week-by-week chart is below the fold and has a table with the same
// numbers, so its code loads after the page: it stays out of the insights
// page's first script.
const Chart = dynamic(() => import("./cohort-trend-chart"), {
  ssr: false,
  loading: () => (
    <div className="flex h-[280px] items-center justify-center rounded-md bg-slate-50 text-sm text-slate-600">Loading the chart…</div>
  ),
});

export function CohortTrendChartLazy(props: CohortTrendChartProps) {
  return <Chart {...props} />;
}
