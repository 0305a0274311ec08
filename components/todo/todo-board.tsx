"use client";

import { useEffect, useMemo, useRef, useState } from "react";
import { EmptyState } from "@/components/ui/empty-state";
import type { OnboardingProgress, PendingTodo, TodoList } from "@/lib/server/queries/todo-list";
import { RecentlyDoneList } from "./recently-done-list";
import { SnoozedList } from "./snoozed-list";
import { TodoItem } from "./todo-item";
import { TodoProgress } from "./todo-progress";
import { type Finishing, useFinishingJobs } from "./use-finishing-jobs";

/** The progress with the jobs being finished in this browser counted as done, before the server confirms. */
function optimisticProgress(
  progress: OnboardingProgress | null,
  pending: PendingTodo[],
  finishing: ReadonlyMap<string, Finishing>,
): OnboardingProgress | null {
  if (!progress) return null;
  const types = new Set(pending.filter((p) => p.onboardingStep !== null && finishing.has(p.id)).map((p) => p.jobType));
  if (types.size === 0) return progress;
  const steps = progress.steps.map((s) => (types.has(s.jobType) ? { ...s, state: "done" as const } : s));
  return { ...progress, steps, done: steps.filter((s) => s.state === "done").length };
}

export interface TodoBoardProps {
  list: TodoList;
  /** When the server rendered the list; relative times count from it. */
  now: Date;
}

/** The todo page's body: progress, the jobs left to do, and the ones finished lately. */
export function TodoBoard({ list, now }: TodoBoardProps) {
  const finishing = useFinishingJobs();
  const progress = useMemo(() => optimisticProgress(list.progress, list.pending, finishing), [list.progress, list.pending, finishing]);
  const [announcement, setAnnouncement] = useState("");
  const headingRef = useRef<HTMLHeadingElement>(null);

  // A finished job leaves the list when the server's fresh list arrives. If
  // focus was in it, it fell to <body>: put keyboard users back at the list.
  const pendingKey = list.pending.map((p) => p.id).join(",");
  const previousKey = useRef(pendingKey);
  useEffect(() => {
    if (previousKey.current === pendingKey) return;
    previousKey.current = pendingKey;
    if (document.activeElement === null || document.activeElement === document.body) headingRef.current?.focus();
  }, [pendingKey]);

  return (
    <div className="flex flex-col gap-8">
      {progress && <TodoProgress progress={progress} />}

      <section aria-labelledby="todo-heading" className="flex flex-col gap-3">
        <h2 id="todo-heading" ref={headingRef} tabIndex={-1} className="text-lg font-semibold text-slate-900 focus:outline-none">
          To do
        </h2>
        <p role="status" className="sr-only">
          {announcement}
        </p>
        {list.pending.length === 0 ? (
          <EmptyState title="You're all caught up">When there is something for you to do, it will show up here.</EmptyState>
        ) : (
          <ul aria-labelledby="todo-heading" className="flex flex-col gap-3">
            {list.pending.map((item) => (
              <TodoItem key={item.id} item={item} now={now} onFinished={setAnnouncement} />
            ))}
          </ul>
        )}
      </section>

      <SnoozedList items={list.snoozed} now={now} onWoken={setAnnouncement} />

      <RecentlyDoneList items={list.recent} now={now} />
    </div>
  );
}
