export interface DueDateProps {
  /** ISO timestamp, for <time dateTime>. */
  iso: string;
  /** Relative words made on the server ("in 2 days", "3 hours ago"), so server and browser render the same text. */
  label: string;
  pastDue: boolean;
}

const WARNING_PATH =
  "M8.5 2.9a1.7 1.7 0 0 1 3 0l6.3 11.4A1.7 1.7 0 0 1 16.3 17H3.7a1.7 1.7 0 0 1-1.5-2.6L8.5 2.9ZM10 7a1 1 0 0 0-1 1v3a1 1 0 1 0 2 0V8a1 1 0 0 0-1-1Zm0 8a1 1 0 1 0 0-2 1 1 0 0 0 0 2Z";

/**
 * The past-due icon once, for a list of many due dates to point at
 * (`<DueDate iconId>`): a page of past-due rows then carries its path once,
 * not once a row in the HTML and again in the RSC payload.
 */
export function PastDueIconSymbol({ id }: { id: string }) {
  return (
    <svg aria-hidden="true" width="0" height="0" className="absolute">
      <symbol id={id} viewBox="0 0 20 20">
        <path fill="currentColor" fillRule="evenodd" d={WARNING_PATH} clipRule="evenodd" />
      </symbol>
    </svg>
  );
}

/**
 * When a job is due. A past-due date says "Past due" in words and with an
 * icon, not by colour alone. `iconId` names a PastDueIconSymbol on the page to
 * draw the icon from.
 */
export function DueDate({ iso, label, pastDue, iconId }: DueDateProps & { iconId?: string }) {
  if (!pastDue) {
    return (
      <time dateTime={iso} className="text-sm text-slate-700">
        {label}
      </time>
    );
  }
  return (
    <span className="inline-flex items-center gap-1 text-sm font-semibold text-red-800">
      {iconId ? (
        <svg aria-hidden="true" className="size-4 shrink-0">
          <use href={`#${iconId}`} />
        </svg>
      ) : (
        <svg aria-hidden="true" viewBox="0 0 20 20" fill="currentColor" className="size-4 shrink-0">
          <path fillRule="evenodd" d={WARNING_PATH} clipRule="evenodd" />
        </svg>
      )}
      <span>
        Past due <time dateTime={iso}>{label}</time>
      </span>
    </span>
  );
}
