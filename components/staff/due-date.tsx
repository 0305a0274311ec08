export interface DueDateProps {
  /** ISO timestamp, for <time dateTime>. */
  iso: string;
  /** Relative words made on the server ("in 2 days", "3 hours ago"), so server and browser render the same text. */
  label: string;
  pastDue: boolean;
}

/**
 * When a job is due. A past-due date says "Past due" in words and with an
 * icon, not by colour alone.
 */
export function DueDate({ iso, label, pastDue }: DueDateProps) {
  if (!pastDue) {
    return (
      <time dateTime={iso} className="text-sm text-slate-700">
        {label}
      </time>
    );
  }
  return (
    <span className="inline-flex items-center gap-1 text-sm font-semibold text-red-800">
      <svg aria-hidden="true" viewBox="0 0 20 20" fill="currentColor" className="size-4 shrink-0">
        <path
          fillRule="evenodd"
          d="M8.5 2.9a1.7 1.7 0 0 1 3 0l6.3 11.4A1.7 1.7 0 0 1 16.3 17H3.7a1.7 1.7 0 0 1-1.5-2.6L8.5 2.9ZM10 7a1 1 0 0 0-1 1v3a1 1 0 1 0 2 0V8a1 1 0 0 0-1-1Zm0 8a1 1 0 1 0 0-2 1 1 0 0 0 0 2Z"
          clipRule="evenodd"
        />
      </svg>
      <span>
        Past due <time dateTime={iso}>{label}</time>
      </span>
    </span>
  );
}
