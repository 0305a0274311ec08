import { connectInviteReceivers } from "@/lib/invites/connect-invite-receivers";
import { connectNotificationReceivers } from "@/lib/notifications/connect-notification-receivers";
import { connectWebhookReceivers } from "@/lib/webhooks/connect-webhook-receivers";

/**
 * Connects every receiver of the product's job signals, once, at the start of
 * a process that fires them: the web server (instrumentation.ts), the worker,
 * the seed. The one place they are connected, like Django's AppConfig.ready():
 * never as a side effect of importing a module. Idempotent; returns a
 * function that disconnects them (tests).
 */
export function startJobs(): () => void {
  // Webhooks after notifications: notification.actioned reads what the
  // notification receivers just marked in the same transaction.
  const disconnects = [connectNotificationReceivers(), connectInviteReceivers(), connectWebhookReceivers()];
  return () => {
    for (const disconnect of disconnects) disconnect();
  };
}
