import type { NotificationRule } from "@/lib/jobs/registry";

export type RuleKind = NotificationRule["on"];

/**
 * The name a rule is stored under (`notifications.rule`): "requested",
 * "expired", "reminder-24h". With the unique index on (job, recipient,
 * channel, rule) it makes each rule notify each person at most once per job.
 */
export function ruleKey(rule: NotificationRule): string {
  return rule.on === "reminder" ? `reminder-${rule.afterHours}h` : rule.on;
}

/** What kind of rule a stored key came from. */
export function ruleKindOf(key: string): RuleKind {
  if (key.startsWith("reminder-")) return "reminder";
  return key === "expired" ? "expired" : "requested";
}
