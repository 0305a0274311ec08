import type { JobStatus } from "@/lib/db/client";
import { StatusBadge } from "@/components/ui/status-badge";
import { jobLabels } from "./job-labels";

const TONES = { pending: "warning", completed: "success", cancelled: "neutral", expired: "neutral" } as const satisfies Record<
  JobStatus,
  string
>;

/** A job's status as a word in a pill; the word carries the meaning, the colour only helps. */
export function JobStatusBadge({ status }: { status: JobStatus }) {
  return <StatusBadge tone={TONES[status]}>{jobLabels.status[status]}</StatusBadge>;
}
