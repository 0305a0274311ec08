import { connectInviteReceivers } from "@/lib/invites/connect-invite-receivers";
import { connectLiveReceivers } from "@/lib/live/connect-live-receivers";
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
  // Live updates last: their NOTIFY is sent at commit whatever the order, and
  // an optional receiver placed last cannot delay the required ones' work.
  const disconnects = [connectNotificationReceivers(), connectInviteReceivers(), connectWebhookReceivers(), connectLiveReceivers()];
  return () => {
    for (const disconnect of disconnects) disconnect();
  };
}
