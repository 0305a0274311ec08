// Durations as people say them: "45 min", "3 h", "1.5 days". One decimal
// below ten units, whole numbers above; a value that rounds up to the next
// unit is shown in that unit ("23.98 h" is "1 day", not "24 h").

function rounded(value: number): number {
  return value < 10 ? Math.round(value * 10) / 10 : Math.round(value);
}

/** `seconds` humanized; negative values (clock skew) count as none. */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, seconds);
  if (s < 60) return "under 1 min";
  const minutes = Math.round(s / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = rounded(s / 3600);
  if (hours < 24) return `${hours} h`;
  const days = rounded(s / 86_400);
  return `${days} ${days === 1 ? "day" : "days"}`;
}
