import type { JobTypeDefinition } from "@/lib/jobs/registry";
import type { NotificationTemplates } from "./notification-templates";
import { ruleKey } from "./rule-key";

/**
 * Problems with the notification rules of `types`: an unknown template, a
 * template that cannot render a channel its rule uses, a reminder without a
 * positive delay, two rules stored under one key. Empty when all is well.
 */
export function checkNotificationRules(types: readonly JobTypeDefinition[], templates: NotificationTemplates): string[] {
  const problems: string[] = [];
  for (const def of types) {
    const seen = new Set<string>();
    for (const rule of def.notifications ?? []) {
      const where = `${def.key} (${rule.on})`;
      const template = templates[rule.template];
      if (!template) problems.push(`${where}: no template "${rule.template}"`);
      for (const channel of rule.channels) {
        if (template && !(channel === "email" ? template.email : template.inApp)) {
          problems.push(`${where}: template "${rule.template}" cannot render ${channel}`);
        }
      }
      if (rule.channels.length === 0 || rule.to.length === 0) problems.push(`${where}: needs at least one channel and one recipient`);
      if (rule.on === "reminder" && !(Number.isInteger(rule.afterHours) && rule.afterHours > 0)) {
        problems.push(`${where}: afterHours must be a whole number of hours above 0`);
      }
      const key = ruleKey(rule);
      if (seen.has(key)) problems.push(`${where}: two rules stored as "${key}"; merge their channels or recipients`);
      seen.add(key);
    }
  }
  return problems;
}
