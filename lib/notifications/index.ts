// Notifications: every one belongs to a job. Job types declare what they send
// (`notifications` in lib/jobs/job-types.ts); the receivers here create them in
// the transaction of the job's change and the worker delivers them on pg-boss.
// Framework-free like lib/jobs: no Next, React or auth imports; every function
// takes the database (or a transaction) as its first argument.

export { connectNotificationReceivers } from "./connect-notification-receivers";
export { startNotificationWorker, type NotificationWorker, type NotificationWorkerOptions } from "./start-notification-worker";
export { createNotifications, type CreatedNotification } from "./create-notifications";
export { resolveNotifications, type JobEnding, type ResolvedNotifications } from "./resolve-notifications";
export { deliverNotification, type DeliverNotificationOptions, type DeliveryOutcome } from "./deliver-notification";
export { runReminderScan, type ReminderScanResult, type RunReminderScanOptions } from "./run-reminder-scan";
export { requeueStrandedDeliveries } from "./requeue-stranded-deliveries";
export { enqueueDeliveries } from "./enqueue-deliveries";
export { queueAddressedEmail, type QueueAddressedEmailInput } from "./queue-addressed-email";
export { settleStaleDeliveries, type SettledDeliveries, type SettleStaleDeliveriesOptions } from "./settle-stale-deliveries";
export {
  ensureNotificationQueues,
  deliverySender,
  DEFAULT_DELIVERY_RETRY,
  NOTIFICATION_QUEUES,
  type DeliveryRetryOptions,
} from "./notification-queues";
export { prismaBossDb } from "./prisma-boss-db";
export { createMailer, type Mailer, type OutgoingEmail } from "./create-mailer";
export {
  notificationTemplates,
  type NotificationTemplate,
  type NotificationTemplates,
  type EmailContext,
  type TemplateContext,
} from "./notification-templates";
export { checkNotificationRules } from "./check-notification-rules";
export { ruleKey, ruleKindOf, type RuleKind } from "./rule-key";
export { listInbox, type InboxItem, type InboxPage, type ListInboxOptions } from "./list-inbox";
export { unreadCount } from "./unread-count";
export { markRead } from "./mark-read";
export { markAllRead } from "./mark-all-read";
export { notificationStats, type NotificationStatsRow } from "./notification-stats";
export { listCapturedEmails, type CapturedEmailRow } from "./list-captured-emails";
export { createVerifyEmailToken, verifyEmailToken, VERIFY_EMAIL_TOKEN_TTL_SECONDS } from "./verify-email-token";
export { createUnsubscribeToken, readUnsubscribeToken } from "./unsubscribe-token";
export { unsubscribeWithToken, type UnsubscribeResult } from "./unsubscribe-with-token";
export { setEmailReminders } from "./set-email-reminders";
