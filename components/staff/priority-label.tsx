import type { JobPriority } from "@/lib/db/client";
import { cn } from "@/components/ui/cn";
import { jobLabels } from "./job-labels";

/** A job's priority; high and urgent are bold and marked with "!" so they stand out without colour. */
export function PriorityLabel({ priority }: { priority: JobPriority }) {
  const raised = priority === "high" || priority === "urgent";
  return (
    <span className={cn("text-sm", raised ? "font-semibold text-red-800" : "text-slate-700")}>
      {raised && <span aria-hidden="true">! </span>}
      {jobLabels.priority[priority]}
    </span>
  );
}
