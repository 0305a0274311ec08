import { TimeAgo } from "@/components/ui/time-ago";
import type { FinishedBy, FinishedTodo } from "@/lib/server/queries/todo-list";

const BY: Record<FinishedBy, string> = {
  auto: "automatically",
  you: "by you",
  staff: "by our staff",
  system: "by the system",
  "someone-else": "by someone else",
};

const OUTCOME: Record<FinishedTodo["outcome"], string> = {
  completed: "Completed",
  dismissed: "Dismissed",
  cancelled: "Cancelled",
};

/** Jobs finished lately: what, when and how ("Completed automatically · 5 minutes ago"). */
export function RecentlyDoneList({ items, now }: { items: FinishedTodo[]; now: Date }) {
  return (
    <section aria-labelledby="recent-heading" className="flex flex-col gap-3">
      <h2 id="recent-heading" className="text-lg font-semibold text-slate-900">
        Recently done
      </h2>
      {items.length === 0 ? (
        <p className="text-sm text-slate-600">
          Nothing finished in the last 30 days yet. Jobs you complete or dismiss will be listed here.
        </p>
      ) : (
        <ul aria-labelledby="recent-heading" className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white">
          {items.map((item) => (
            <li key={item.id} className="flex flex-col gap-1 px-4 py-3 sm:flex-row sm:items-baseline sm:justify-between sm:gap-4">
              <div className="flex items-start gap-2">
                <svg aria-hidden="true" viewBox="0 0 20 20" className="mt-0.5 size-4 shrink-0 text-slate-500" fill="currentColor">
                  <path
                    fillRule="evenodd"
                    d="M16.7 5.3a1 1 0 0 1 0 1.4l-8 8a1 1 0 0 1-1.4 0l-4-4a1 1 0 1 1 1.4-1.4L8 12.6l7.3-7.3a1 1 0 0 1 1.4 0Z"
                    clipRule="evenodd"
                  />
                </svg>
                <div>
                  <p className="font-medium text-slate-900">{item.title}</p>
                  {item.reason && <p className="text-sm text-slate-600">Reason: {item.reason}</p>}
                </div>
              </div>
              <p className="pl-6 text-sm text-slate-600 sm:pl-0 sm:text-right">
                {OUTCOME[item.outcome]} {BY[item.finishedBy]} · <TimeAgo date={item.finishedAt} now={now} className="whitespace-nowrap" />
              </p>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
