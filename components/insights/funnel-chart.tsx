"use client";

import { useRouter } from "next/navigation";
import { Bar, BarChart, type BarShapeProps, CartesianGrid, Rectangle, Tooltip, XAxis, YAxis } from "recharts";
import { seriesFill, SeriesSwatch } from "./funnel-patterns";
import { type FunnelSeries, type FunnelStepView, isAgeBucket, listWaitingPhrase } from "./funnel-view";

export interface FunnelChartProps {
  steps: FunnelStepView[];
  series: FunnelSeries[];
}

const ROW_HEIGHT = 64;
const AXIS_WIDTH = 132;

/** Splits a step's name into lines short enough for the axis (the axis is narrow on a phone). */
function wrap(text: string, max = 17): string[] {
  const lines: string[] = [];
  for (const word of text.split(" ")) {
    const last = lines.at(-1);
    if (last !== undefined && `${last} ${word}`.length <= max) lines[lines.length - 1] = `${last} ${word}`;
    else lines.push(word);
  }
  return lines;
}

interface StepTickProps {
  x?: number | string;
  y?: number | string;
  index?: number;
  steps: FunnelStepView[];
  onNavigate: (href: string) => void;
}

/**
 * A step's name on the axis, as a link to the people waiting there: real SVG
 * links, so a keyboard reaches them with Tab like any other link.
 */
function StepTick({ x = 0, y = 0, index = 0, steps, onNavigate }: StepTickProps) {
  const step = steps[index];
  if (!step) return null;
  const lines = wrap(`${step.step}. ${step.title}`);
  const text = (
    <text
      x={-6}
      y={0}
      textAnchor="end"
      fontSize={12}
      fill={step.stepHref ? "#3730a3" : "#334155"}
      textDecoration={step.stepHref ? "underline" : undefined}
    >
      {lines.map((line, i) => (
        <tspan key={i} x={-6} dy={i === 0 ? -((lines.length - 1) * 7) + 4 : 14}>
          {line}
        </tspan>
      ))}
    </text>
  );
  const href = step.stepHref;
  return (
    <g transform={`translate(${x},${y})`}>
      {href ? (
        <a
          href={href}
          aria-label={`${step.step}. ${step.title}: ${listWaitingPhrase(step.pendingTotal)}`}
          onClick={(event) => {
            event.preventDefault();
            onNavigate(href);
          }}
        >
          {text}
        </a>
      ) : (
        text
      )}
    </g>
  );
}

interface FunnelTooltipProps {
  active?: boolean;
  /** Recharts' hovered entries; each carries the data row it was drawn from. */
  payload?: readonly { payload?: unknown }[];
  series: FunnelSeries[];
}

function FunnelTooltip({ active, payload, series }: FunnelTooltipProps) {
  // Every row of `data` below is built with its step view under `step`.
  const step = payload?.[0]?.payload as { step: FunnelStepView } | undefined;
  if (!active || !step) return null;
  return (
    <div className="max-w-64 rounded-md border border-slate-200 bg-white p-3 text-sm shadow-lg">
      <p className="font-medium text-slate-900">
        {step.step.step}. {step.step.title}
      </p>
      <dl className="mt-1 grid grid-cols-[auto_1fr_auto] items-center gap-x-2 gap-y-0.5">
        {series.map((s) => (
          <div key={s.key} className="contents">
            <SeriesSwatch seriesKey={s.key} className="size-3" />
            <dt className="text-slate-600">{s.label}</dt>
            <dd className="text-right tabular-nums text-slate-900">{step.step.values[s.key]}</dd>
          </div>
        ))}
      </dl>
      {step.step.pendingTotal > 0 && <p className="mt-2 text-xs text-slate-500">Click a waiting segment to list those people.</p>}
    </div>
  );
}

/**
 * The onboarding funnel as horizontal stacked bars, one per step in order:
 * completed, then the pending jobs by how long they have waited, then the
 * dropped ones (expired, dismissed). Clicking a waiting segment, or a step's
 * name, lists those people. The table under the chart has the same numbers
 * and links for screen readers and keyboards.
 */
export function FunnelChart({ steps, series }: FunnelChartProps) {
  const router = useRouter();
  const data = steps.map((step) => ({ name: `${step.step}. ${step.title}`, step, ...step.values }));
  return (
    <BarChart
      layout="vertical"
      data={data}
      responsive
      style={{ width: "100%", height: steps.length * ROW_HEIGHT + 40 }}
      // Recharts' own keyboard layer makes the chart one tab stop that walks
      // tooltips; the step links and the table already give keyboards the
      // numbers and the lists, so that would be a detour.
      accessibilityLayer={false}
      margin={{ top: 4, right: 12, bottom: 4, left: 4 }}
      barCategoryGap="24%"
    >
      <CartesianGrid horizontal={false} stroke="#e2e8f0" />
      <XAxis type="number" allowDecimals={false} tick={{ fill: "#475569", fontSize: 12 }} stroke="#94a3b8" />
      <YAxis
        type="category"
        dataKey="name"
        width={AXIS_WIDTH}
        interval={0}
        tickLine={false}
        stroke="#94a3b8"
        tick={(props: { x?: number | string; y?: number | string; index?: number }) => (
          <StepTick {...props} steps={steps} onNavigate={router.push} />
        )}
      />
      <Tooltip
        content={(props) => <FunnelTooltip active={props.active} payload={props.payload} series={series} />}
        cursor={{ fill: "rgba(148, 163, 184, 0.15)" }}
      />
      {series.map((s) => {
        const key = s.key;
        return (
          <Bar
            key={key}
            dataKey={key}
            name={s.label}
            stackId="step"
            fill={seriesFill(key)}
            stroke="#ffffff"
            strokeWidth={1}
            isAnimationActive={false}
            className={isAgeBucket(key) ? "cursor-pointer" : undefined}
            shape={(props: BarShapeProps) => (
              // Names the segment (step and series) in the DOM, so a browser test can click exactly it.
              <g data-segment={`${steps[props.originalDataIndex]?.jobType}:${key}`}>
                <Rectangle {...props} />
              </g>
            )}
            onClick={(bar) => {
              // originalDataIndex: the step's place in `data`, even when empty segments are left out.
              const href = isAgeBucket(key) ? steps[bar.originalDataIndex]?.bucketHrefs[key] : null;
              if (href) router.push(href);
            }}
          />
        );
      })}
    </BarChart>
  );
}
