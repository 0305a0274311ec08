"use client";

import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { TimeAgo } from "@/components/ui/time-ago";
import { failureMessage } from "@/components/actions/run-action";
import { useHydrated } from "@/components/actions/use-hydrated";
import type { SnoozedTodo } from "@/lib/server/queries/todo-list";
import { useSnoozeJob } from "./use-snooze-job";

export interface SnoozedListProps {
  items: SnoozedTodo[];
  now: Date;
  /** Told when a job is back on the list, with a sentence to announce. */
  onWoken: (message: string) => void;
}

function SnoozedItem({ item, now, onWoken }: { item: SnoozedTodo; now: Date; onWoken: (message: string) => void }) {
  const wake = useSnoozeJob({ onSuccess: () => onWoken(`“${item.title}” is back on your list.`) });
  const hydrated = useHydrated();
  return (
    <li className="flex flex-col gap-2 px-4 py-3">
      <div className="flex flex-col gap-1 sm:flex-row sm:items-baseline sm:justify-between sm:gap-4">
        <p className="font-medium text-slate-900">{item.title}</p>
        <p className="text-sm text-slate-600">
          Back by itself <TimeAgo date={item.snoozedUntil} now={now} className="whitespace-nowrap" />
        </p>
      </div>
      <div>
        <Button
          variant="secondary"
          size="sm"
          disabled={!hydrated}
          pending={wake.isPending || wake.isSuccess}
          pendingLabel="Bringing it back…"
          onClick={() => wake.mutate({ jobId: item.id, until: null })}
          // The visible words start the name; the title says which job.
          aria-label={`Bring it back now: ${item.title}`}
        >
          Bring it back now
        </Button>
      </div>
      {wake.isError && <Alert tone="error">{`We could not bring “${item.title}” back. ${failureMessage(wake.error)}`}</Alert>}
    </li>
  );
}

/** Jobs the person put off: each comes back by itself, or now on request. Nothing when none is snoozed. */
export function SnoozedList({ items, now, onWoken }: SnoozedListProps) {
  if (items.length === 0) return null;
  return (
    <section aria-labelledby="snoozed-heading" className="flex flex-col gap-3">
      <h2 id="snoozed-heading" className="text-lg font-semibold text-slate-900">
        Snoozed
      </h2>
      <ul aria-labelledby="snoozed-heading" className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white">
        {items.map((item) => (
          <SnoozedItem key={item.id} item={item} now={now} onWoken={onWoken} />
        ))}
      </ul>
    </section>
  );
}
