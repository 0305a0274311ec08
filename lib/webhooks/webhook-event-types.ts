// What a webhook endpoint may subscribe to. Framework-free: the admin form,
// the API's schemas and the receivers share the list.

export const WEBHOOK_EVENT_TYPES = [
  "job.requested",
  "job.completed",
  "job.cancelled",
  "job.expired",
  "job.assigned",
  "notification.actioned",
] as const;

export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/** Sent only by the test-send button; every endpoint receives it whatever it subscribed to. */
export const WEBHOOK_TEST_EVENT = "webhook.test";
