import type { JobStatus } from "@/lib/db/client";
import { cn } from "@/components/ui/cn";
import { jobLabels } from "./job-labels";

const TONES: Record<JobStatus, string> = {
  pending: "bg-amber-50 text-amber-900 ring-amber-300",
  completed: "bg-emerald-50 text-emerald-900 ring-emerald-300",
  cancelled: "bg-slate-100 text-slate-800 ring-slate-300",
  expired: "bg-slate-100 text-slate-800 ring-slate-300",
};

/** A job's status as a word in a pill; the word carries the meaning, the colour only helps. */
export function StatusBadge({ status }: { status: JobStatus }) {
  return <span className={cn("inline-flex rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset", TONES[status])}>{jobLabels.status[status]}</span>;
}
