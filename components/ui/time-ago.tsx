import { formatDistance } from "date-fns";

export interface TimeAgoProps {
  date: Date;
  /**
   * The moment the page was rendered on the server. Relative times are counted
   * from it, not from the browser's clock, so the server's HTML and the
   * browser's first render say the same thing.
   */
  now: Date;
  className?: string;
  /** Shown on hover, e.g. the exact date. */
  title?: string;
}

/** "3 days ago" / "in 2 hours" as a `<time>` that carries the exact moment in `dateTime`. */
export function TimeAgo({ date, now, className, title }: TimeAgoProps) {
  return (
    <time dateTime={date.toISOString()} title={title} className={className}>
      {formatDistance(date, now, { addSuffix: true })}
    </time>
  );
}
