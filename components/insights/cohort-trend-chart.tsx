"use client";

import { CartesianGrid, Legend, Line, LineChart, Tooltip, XAxis, YAxis } from "recharts";
import { type CohortTrendStep, type CohortTrendWeek, trendStyle } from "./cohort-trend-view";

export interface CohortTrendChartProps {
  steps: CohortTrendStep[];
  weeks: CohortTrendWeek[];
}

/**
 * Each step's completion (of its own jobs) for each week's cohort, one line
 * per step. Loaded lazily (cohort-trend-chart-lazy.tsx): the table beside it
 * has the same numbers and is the text alternative.
 */
export default function CohortTrendChart({ steps, weeks }: CohortTrendChartProps) {
  const data = weeks.map((week) => ({
    week: week.label,
    ...Object.fromEntries(steps.map((step, i) => [step.key, week.cells[i]?.percent ?? null])),
  }));
  return (
    <LineChart
      data={data}
      responsive
      style={{ width: "100%", height: 280 }}
      // The table under the chart carries the numbers for keyboards and screen readers.
      accessibilityLayer={false}
      margin={{ top: 8, right: 16, bottom: 4, left: 0 }}
    >
      <CartesianGrid stroke="#e2e8f0" />
      <XAxis dataKey="week" tick={{ fill: "#475569", fontSize: 12 }} stroke="#94a3b8" />
      <YAxis domain={[0, 100]} unit="%" width={48} tick={{ fill: "#475569", fontSize: 12 }} stroke="#94a3b8" />
      <Tooltip formatter={(value) => (typeof value === "number" ? `${Math.round(value * 10) / 10}%` : "—")} />
      <Legend wrapperStyle={{ fontSize: 12 }} />
      {steps.map((step, i) => {
        const style = trendStyle(i);
        return (
          <Line
            key={step.key}
            type="monotone"
            dataKey={step.key}
            name={step.label}
            stroke={style.color}
            strokeDasharray={style.dash}
            strokeWidth={2}
            connectNulls={false}
            isAnimationActive={false}
            dot={{ r: 3 }}
          />
        );
      })}
    </LineChart>
  );
}
