import Form from "next/form";
import Link from "next/link";
import type { QueueFilters as Filters } from "@/lib/server/queries/staff-queue";
import { queueHref } from "./queue-href";

const STATUS_OPTIONS: [Filters["status"], string][] = [
  ["pending", "Pending"],
  // Pending but put off until a moment: out of "Pending" until then.
  ["snoozed", "Snoozed"],
  ["completed", "Resolved"],
  ["cancelled", "Dismissed"],
  ["expired", "Expired"],
  ["all", "All statuses"],
];
const ASSIGNED_OPTIONS: [Filters["assigned"], string][] = [
  ["everyone", "Everyone"],
  ["me", "Assigned to me"],
  ["unassigned", "Unassigned"],
];

const SORT_OPTIONS: [Filters["sort"], string][] = [
  ["oldest", "Oldest first"],
  ["occurrences", "Most reported first"],
];

const selectClass = "min-h-11 rounded-md border border-slate-300 bg-white px-3 text-base text-slate-900 shadow-sm";

/**
 * The queue's filters as a GET form: they live in the URL, so a filtered
 * view can be bookmarked, shared and reloaded, and changing a filter starts
 * again from the first page (no cursor is sent).
 */
export function QueueFilters({ jobType, filters }: { jobType: string; filters: Filters }) {
  const filtered = filters.status !== "pending" || filters.assigned !== "everyone" || filters.q !== undefined || filters.sort !== "oldest";
  return (
    <Form
      action={queueHref(jobType)}
      aria-label="Filter the queue"
      className="flex flex-wrap items-end gap-3 rounded-lg border border-slate-200 bg-white p-3"
    >
      <div className="flex flex-col gap-1">
        <label htmlFor="filter-status" className="text-sm font-medium text-slate-800">
          Status
        </label>
        <select id="filter-status" name="status" defaultValue={filters.status} className={selectClass}>
          {STATUS_OPTIONS.map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
      </div>
      <div className="flex flex-col gap-1">
        <label htmlFor="filter-assigned" className="text-sm font-medium text-slate-800">
          Assigned to
        </label>
        <select id="filter-assigned" name="assigned" defaultValue={filters.assigned} className={selectClass}>
          {ASSIGNED_OPTIONS.map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
      </div>
      <div className="flex flex-col gap-1">
        <label htmlFor="filter-sort" className="text-sm font-medium text-slate-800">
          Sort
        </label>
        <select id="filter-sort" name="sort" defaultValue={filters.sort} className={selectClass}>
          {SORT_OPTIONS.map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
      </div>
      <div className="flex min-w-48 flex-1 flex-col gap-1">
        <label htmlFor="filter-q" className="text-sm font-medium text-slate-800">
          Target id
        </label>
        <input
          id="filter-q"
          name="q"
          type="search"
          defaultValue={filters.q ?? ""}
          maxLength={191}
          placeholder="Exact id, e.g. a document id"
          className="min-h-11 rounded-md border border-slate-300 bg-white px-3 text-base text-slate-900 shadow-sm placeholder:text-slate-500"
        />
      </div>
      <div className="flex items-center gap-2">
        <button
          type="submit"
          className="inline-flex min-h-11 items-center rounded-md bg-indigo-600 px-4 text-sm font-medium text-white hover:bg-indigo-700"
        >
          Apply filters
        </button>
        {filtered && (
          <Link
            href={queueHref(jobType)}
            className="inline-flex min-h-11 items-center rounded-md px-3 text-sm font-medium text-indigo-700 underline underline-offset-2 hover:bg-slate-100"
          >
            Clear filters
          </Link>
        )}
      </div>
    </Form>
  );
}
