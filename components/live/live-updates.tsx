"use client";

import { cn } from "@/components/ui/cn";
import { describeStaffChange, type LiveStatus, type UseLiveJobsOptions, useLiveJobs } from "./use-live-jobs";

const STATUS_TEXT: Record<LiveStatus, string> = {
  connecting: "Connecting to live updates…",
  live: "Live updates on",
  reconnecting: "Reconnecting live updates…",
  off: "Live updates off: reload to see changes",
};

const DOT: Record<LiveStatus, string> = {
  connecting: "bg-slate-400",
  live: "bg-emerald-600",
  reconnecting: "bg-amber-500",
  off: "bg-slate-400",
};

export interface LiveUpdatesProps extends Omit<UseLiveJobsOptions, "describe"> {
  className?: string;
}

/**
 * Keeps the page it sits on current while others act (useLiveJobs), with a
 * small status line. Changes others make are announced politely (a claim on a
 * staff page: "Taken by Alice"); the status itself is not, so a flaky
 * connection does not chatter.
 */
export function LiveUpdates({ className, ...options }: LiveUpdatesProps) {
  const { status, announcement } = useLiveJobs({
    ...options,
    describe: options.scope === "staff" ? describeStaffChange : (event) => (event.byViewer ? null : "Your list was updated"),
  });
  return (
    <div className={cn("flex items-center gap-2 text-xs text-slate-600", className)}>
      <span aria-hidden="true" className={cn("inline-block size-2 rounded-full", DOT[status])} />
      <span>{STATUS_TEXT[status]}</span>
      <p role="status" aria-live="polite" className="sr-only">
        {announcement}
      </p>
    </div>
  );
}
