/** Joins class names, skipping the falsy ones (no dependency needed for this much). */
export function cn(...classes: (string | false | null | undefined)[]): string {
  return classes.filter(Boolean).join(" ");
}
