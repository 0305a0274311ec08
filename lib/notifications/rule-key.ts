import type { NotificationRule } from "@/lib/jobs/registry";

export type RuleKind = NotificationRule["on"];

/**
 * The name a rule is stored under (`notifications.rule`): "requested",
 * "expired", "reminder-24h", "escalated-resolve" (an SLA breach, per SLA rule). With the unique index on (job, recipient,
 * channel, rule) it makes each rule notify each person at most once per job.
 */
export function ruleKey(rule: NotificationRule): string {
  if (rule.on === "reminder") return `reminder-${rule.afterHours}h`;
  // Per SLA rule: a job that breaches both notifies for each.
  if (rule.on === "escalated") return `escalated-${rule.sla ?? "any"}`;
  return rule.on;
}

/** What kind of rule a stored key came from. */
export function ruleKindOf(key: string): RuleKind {
  if (key.startsWith("reminder-")) return "reminder";
  if (key.startsWith("escalated-")) return "escalated";
  return key === "expired" ? "expired" : "requested";
}
