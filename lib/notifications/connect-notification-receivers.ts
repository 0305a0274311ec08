import { jobSignals, jobTypes, type JobSignalPayload } from "@/lib/jobs";
import { connectOnce } from "@/lib/jobs/connect-once";
import type { NotificationRule } from "@/lib/jobs/registry";
import { log } from "@/lib/log";
import { checkNotificationRules } from "./check-notification-rules";
import { createNotifications } from "./create-notifications";
import { notificationTemplates } from "./notification-templates";
import { resolveNotifications } from "./resolve-notifications";

// The notification receivers of the job signals. They run inside the
// transaction of the change, each in its own savepoint (see lib/jobs/signals),
// so notifications and their pg-boss delivery jobs commit with the change.
//
// Required or optional, per receiver (a required one's failure aborts the
// change, an optional one is rolled back alone, logged, and the change stands):
// - requested and expired write the outbox (notifications and their delivery
//   jobs): required, or a job could exist that nobody is ever told about.
// - completed and cancelled resolve notifications (cancel queued ones, clear
//   the in-app ones, mark sent ones actioned): also required. If they failed
//   alone, the queued notice for a finished job would still be delivered and
//   the webhooks' notification.actioned events (read from what this marks)
//   would be missing for good; nothing would retry them later.

function rulesOn(jobType: string, on: NotificationRule["on"]): NotificationRule[] {
  return (jobTypes.get(jobType)?.notifications ?? []).filter((rule) => rule.on === on);
}

async function notifyRequested({ db, job }: JobSignalPayload): Promise<void> {
  for (const rule of rulesOn(job.jobType, "requested")) await createNotifications(db, [job.id], rule);
}

async function notifyCompleted({ db, job }: JobSignalPayload): Promise<void> {
  await resolveNotifications(db, job.id, "completed");
}

async function notifyCancelled({ db, job }: JobSignalPayload): Promise<void> {
  await resolveNotifications(db, job.id, "cancelled");
}

async function notifyEscalated({ db, job, data }: JobSignalPayload): Promise<void> {
  const sla = data.rule === "first-action" || data.rule === "resolve" ? data.rule : undefined;
  for (const rule of rulesOn(job.jobType, "escalated")) {
    if (rule.on !== "escalated" || (rule.sla && rule.sla !== sla)) continue;
    await createNotifications(db, [job.id], { ...rule, sla: rule.sla ?? sla });
  }
}

async function notifyExpired({ db, job }: JobSignalPayload): Promise<void> {
  // Resolve first: the expiry notice itself must stay unread.
  await resolveNotifications(db, job.id, "expired");
  for (const rule of rulesOn(job.jobType, "expired")) await createNotifications(db, [job.id], rule);
}

let checked = false;

/**
 * Connects the notification receivers to the job signals. Idempotent: calling
 * it again (the worker, the web server, tests) keeps one set connected. Throws
 * at the first call if a job type declares a rule no template can render.
 *
 * Call it in the module graph that requests and finishes jobs: in Next, a
 * module every server action and page uses (e.g. lib/server/db.ts), since
 * instrumentation.ts may get its own copy of lib/jobs.
 *
 * Returns a function that disconnects them again (tests).
 */
export function connectNotificationReceivers(): () => void {
  if (!checked) {
    const problems = checkNotificationRules(jobTypes.all, notificationTemplates);
    if (problems.length) throw new Error(`Invalid notification rules:\n  ${problems.join("\n  ")}`);
    checked = true;
  }
  return connectOnce("notifications", () => {
    log.debug("notification receivers connected");
    return [
      jobSignals.requested.connect(notifyRequested, { required: true }),
      jobSignals.completed.connect(notifyCompleted, { required: true }),
      jobSignals.cancelled.connect(notifyCancelled, { required: true }),
      jobSignals.expired.connect(notifyExpired, { required: true }),
      // Required like the others: if telling people fails, the breach is undone and the next scan fires it again.
      jobSignals.escalated.connect(notifyEscalated, { required: true }),
    ];
  });
}
