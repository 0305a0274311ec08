import { TimeAgo } from "@/components/ui/time-ago";

export interface JobTimingProps {
  createdAt: Date;
  dueAt: Date | null;
  expiresAt: Date | null;
  /**
   * The moment the page was rendered on the server. Relative times are counted
   * from it, not from the browser's clock, so the server's HTML and the
   * browser's first render say the same thing.
   */
  now: Date;
}

function ago(date: Date, now: Date) {
  return <TimeAgo date={date} now={now} className="whitespace-nowrap" />;
}

/** "Asked 2 days ago · Due in 3 days · Expires in 28 days", with past-due standing out. */
export function JobTiming({ createdAt, dueAt, expiresAt, now }: JobTimingProps) {
  const overdue = dueAt !== null && dueAt <= now;
  return (
    <p className="flex flex-wrap gap-x-2 gap-y-1 text-sm text-slate-600">
      <span>Asked {ago(createdAt, now)}</span>
      {dueAt && (
        <>
          <span aria-hidden="true">·</span>
          <span className={overdue ? "font-medium text-red-700" : undefined}>
            {overdue ? "Overdue: was due" : "Due"} {ago(dueAt, now)}
          </span>
        </>
      )}
      {expiresAt && (
        <>
          <span aria-hidden="true">·</span>
          <span>Expires {ago(expiresAt, now)}</span>
        </>
      )}
    </p>
  );
}
