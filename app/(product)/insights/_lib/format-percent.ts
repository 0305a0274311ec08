const percent = new Intl.NumberFormat("en", { style: "percent", maximumFractionDigits: 1 });

/** A ratio as a percentage ("66.7%"); null when there was nothing to divide by. */
export function formatPercent(ratio: number | null): string | null {
  return ratio === null || !Number.isFinite(ratio) ? null : percent.format(ratio);
}
