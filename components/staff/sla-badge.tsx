import { StatusBadge } from "@/components/ui/status-badge";

/** Where a job stands against its SLA, as the read model computed it (lib/jobs' slaStatus). */
export interface SlaBadgeProps {
  state: "on-track" | "at-risk" | "breached";
  rule: "first-action" | "resolve";
  deadlineIso: string;
  /** "in 2 hours", "3 hours ago": relative to the page's now. */
  deadlineLabel: string;
}

const RULE_WORDS = { "first-action": "first action", resolve: "resolution" } as const;

/**
 * "Breached" or "At risk" with the deadline it is about; nothing while on
 * track. The words carry the meaning, the colour only repeats it.
 */
export function SlaBadge({ state, rule, deadlineIso, deadlineLabel }: SlaBadgeProps) {
  if (state === "on-track") return null;
  return (
    <span className="inline-flex flex-wrap items-center gap-1">
      <StatusBadge tone={state === "breached" ? "danger" : "warning"}>{state === "breached" ? "Breached" : "At risk"}</StatusBadge>
      <span className="text-xs text-slate-700">
        {RULE_WORDS[rule]} {state === "breached" ? "was due" : "due"} <time dateTime={deadlineIso}>{deadlineLabel}</time>
      </span>
    </span>
  );
}
