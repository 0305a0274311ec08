import type { SeriesKey } from "./funnel-view";

// Each funnel segment has its own colour AND its own pattern, so the chart
// reads without telling colours apart (colour-blind people, greyscale print).
// Colours are from the Okabe–Ito palette, chosen to stay distinct under the
// common colour-vision deficiencies. Waiting buckets darken with age.

interface SeriesStyle {
  color: string;
  /** The marks drawn over the colour in an 8 × 8 tile. */
  marks: "none" | "dots" | "diagonal" | "back-diagonal" | "cross" | "horizontal" | "vertical";
  /** The colour of the marks: contrasting with `color`. */
  ink: string;
}

export const SERIES_STYLE: Record<SeriesKey, SeriesStyle> = {
  completed: { color: "#009E73", marks: "none", ink: "#ffffff" },
  lt1d: { color: "#A6D4F2", marks: "dots", ink: "#0b3c5d" },
  d1to3: { color: "#56B4E9", marks: "diagonal", ink: "#0b3c5d" },
  d3to7: { color: "#0072B2", marks: "back-diagonal", ink: "#ffffff" },
  gt7d: { color: "#003A5C", marks: "cross", ink: "#ffffff" },
  expired: { color: "#D55E00", marks: "horizontal", ink: "#ffffff" },
  dismissed: { color: "#8A8A8A", marks: "vertical", ink: "#ffffff" },
};

/** The fill for a series: `url(#…)` of its pattern. Needs <FunnelPatterns /> on the page. */
export function seriesFill(key: SeriesKey): string {
  return `url(#funnel-fill-${key})`;
}

function Marks({ marks, ink }: Pick<SeriesStyle, "marks" | "ink">) {
  const line = { stroke: ink, strokeWidth: 1.5 };
  switch (marks) {
    case "none":
      return null;
    case "dots":
      return <circle cx="4" cy="4" r="1.4" fill={ink} />;
    case "diagonal":
      return <path d="M-2 2 L2 -2 M0 8 L8 0 M6 10 L10 6" {...line} />;
    case "back-diagonal":
      return <path d="M-2 6 L2 10 M0 0 L8 8 M6 -2 L10 2" {...line} />;
    case "cross":
      return <path d="M0 0 L8 8 M8 0 L0 8" {...line} />;
    case "horizontal":
      return <path d="M0 4 L8 4" {...line} />;
    case "vertical":
      return <path d="M4 0 L4 8" {...line} />;
  }
}

/**
 * The patterns, once per page, in an invisible SVG: the chart's bars and the
 * legend's and table's swatches all point at them. (Not display:none: some
 * browsers then refuse to paint a pattern defined inside.)
 */
export function FunnelPatterns() {
  return (
    <svg aria-hidden="true" focusable="false" width="0" height="0" className="absolute">
      <defs>
        {(Object.entries(SERIES_STYLE) as [SeriesKey, SeriesStyle][]).map(([key, style]) => (
          <pattern key={key} id={`funnel-fill-${key}`} width="8" height="8" patternUnits="userSpaceOnUse">
            <rect width="8" height="8" fill={style.color} />
            <Marks marks={style.marks} ink={style.ink} />
          </pattern>
        ))}
      </defs>
    </svg>
  );
}

/** A small square of a series' colour and pattern, beside its name. Decorative: the name says it all. */
export function SeriesSwatch({ seriesKey, className = "size-4" }: { seriesKey: SeriesKey; className?: string }) {
  return (
    <svg aria-hidden="true" focusable="false" viewBox="0 0 16 16" className={`shrink-0 ${className}`}>
      <rect width="16" height="16" rx="2" fill={seriesFill(seriesKey)} stroke="#475569" strokeWidth="1" />
    </svg>
  );
}
