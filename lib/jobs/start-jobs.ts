import { connectInviteReceivers } from "@/lib/invites/connect-invite-receivers";
import { connectNotificationReceivers } from "@/lib/notifications/connect-notification-receivers";

/**
 * Connects every receiver of the product's job signals, once, at the start of
 * a process that fires them: the web server (instrumentation.ts), the worker,
 * the seed. The one place they are connected, like Django's AppConfig.ready():
 * never as a side effect of importing a module. Idempotent; returns a
 * function that disconnects them (tests).
 */
export function startJobs(): () => void {
  const disconnects = [connectNotificationReceivers(), connectInviteReceivers()];
  return () => {
    for (const disconnect of disconnects) disconnect();
  };
}
