import Link from "next/link";
import { EmptyState } from "@/components/ui/empty-state";
import { SavedViewOwnerActions } from "./saved-view-owner-actions";

export interface SavedViewItem {
  id: string;
  name: string;
  queueTitle: string;
  /** Where the view opens; null for a broken view. */
  href: string | null;
  /** Jobs it shows now; null for a broken view. */
  count: number | null;
  /** Counts stop here: a count this high reads "1,000+". */
  countCap: number;
  shared: boolean;
  mine: boolean;
  ownerName: string;
  /** Why a broken view cannot be opened. */
  problem: string | null;
}

const numberFormat = new Intl.NumberFormat("en");

/** The saved views a staff member may open: their own and the shared ones, with what each shows now. */
export function SavedViewList({ views }: { views: SavedViewItem[] }) {
  if (views.length === 0) {
    return (
      <EmptyState title="No saved views yet">
        Filter or sort a queue, then choose <strong>Save view</strong> to keep it here with its count.
      </EmptyState>
    );
  }
  return (
    <ul className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white">
      {views.map((view) => (
        <li key={view.id} aria-labelledby={`view-${view.id}`} className="flex flex-wrap items-center gap-x-4 gap-y-2 p-4">
          <div className="min-w-48 flex-1">
            <h3 id={`view-${view.id}`} className="font-medium text-slate-900">
              {view.href ? (
                <Link href={view.href} className="text-indigo-700 underline underline-offset-2 hover:text-indigo-900">
                  {view.name}
                </Link>
              ) : (
                view.name
              )}
            </h3>
            <p className="text-sm text-slate-600">
              {view.queueTitle} · {view.mine ? (view.shared ? "Shared with all staff" : "Only you") : `Shared by ${view.ownerName}`}
            </p>
            {view.problem && (
              <p className="mt-1 text-sm text-red-800">
                <span className="font-medium">Broken:</span> {view.problem} {view.mine ? "Delete it and save it again." : ""}
              </p>
            )}
          </div>
          {view.count !== null && (
            <p className="text-right">
              <span className="block text-2xl font-semibold text-slate-900">
                {view.count >= view.countCap ? `${numberFormat.format(view.countCap)}+` : numberFormat.format(view.count)}
              </span>
              <span className="text-sm text-slate-600">{view.count === 1 ? "job" : "jobs"}</span>
            </p>
          )}
          {view.mine && <SavedViewOwnerActions id={view.id} name={view.name} shared={view.shared} />}
        </li>
      ))}
    </ul>
  );
}
