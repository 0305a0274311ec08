import { format } from "date-fns";
import { TimeAgo } from "@/components/ui/time-ago";
import Link from "next/link";
import type { CapturedEmailRow } from "@/lib/notifications";

export interface CapturedEmailListProps {
  emails: Pick<CapturedEmailRow, "id" | "to" | "subject" | "createdAt">[];
  now: Date;
  /** Show who each email went to (an admin sees everyone's). */
  showRecipient: boolean;
}

/** The dev mailbox's list, newest first; each subject opens the email. */
export function CapturedEmailList({ emails, now, showRecipient }: CapturedEmailListProps) {
  return (
    <ul aria-label="Captured emails" className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white">
      {emails.map((email) => (
        <li key={email.id} className="flex flex-col gap-1 p-4 sm:flex-row sm:items-baseline sm:justify-between sm:gap-4">
          <div className="min-w-0">
            <Link
              href={`/dev/mailbox/${email.id}`}
              className="font-medium text-indigo-700 underline underline-offset-2 hover:text-indigo-900"
            >
              {email.subject}
            </Link>
            {showRecipient && <p className="truncate text-sm text-slate-600">To: {email.to}</p>}
          </div>
          <TimeAgo
            date={email.createdAt}
            now={now}
            title={format(email.createdAt, "d MMM yyyy, HH:mm:ss")}
            className="shrink-0 text-sm text-slate-600"
          />
        </li>
      ))}
    </ul>
  );
}
