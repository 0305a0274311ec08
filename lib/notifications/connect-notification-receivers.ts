import { jobSignals, jobTypes, type JobSignalPayload } from "@/lib/jobs";
import type { NotificationRule } from "@/lib/jobs/registry";
import { log } from "@/lib/log";
import { checkNotificationRules } from "./check-notification-rules";
import { createNotifications } from "./create-notifications";
import { notificationTemplates } from "./notification-templates";
import { resolveNotifications } from "./resolve-notifications";

// The notification receivers of the job signals. They run inside the
// transaction of the change, each in its own savepoint (see lib/jobs/signals),
// so notifications and their pg-boss delivery jobs commit with the change; a
// receiver that fails is rolled back alone, logged, and the change stands.

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

async function notifyExpired({ db, job }: JobSignalPayload): Promise<void> {
  // Resolve first: the expiry notice itself must stay unread.
  await resolveNotifications(db, job.id, "expired");
  for (const rule of rulesOn(job.jobType, "expired")) await createNotifications(db, [job.id], rule);
}

let checked = false;

/**
 * Connects the notification receivers to the job signals. Idempotent: the
 * receivers are module-level functions and a signal keeps one of each, so the
 * worker, the web server and tests may all call it. Throws at the first call if
 * a job type declares a rule no template can render.
 *
 * Returns a function that disconnects them again (tests).
 */
export function connectNotificationReceivers(): () => void {
  if (!checked) {
    const problems = checkNotificationRules(jobTypes.all, notificationTemplates);
    if (problems.length) throw new Error(`Invalid notification rules:\n  ${problems.join("\n  ")}`);
    checked = true;
  }
  const disconnects = [
    jobSignals.requested.connect(notifyRequested),
    jobSignals.completed.connect(notifyCompleted),
    jobSignals.cancelled.connect(notifyCancelled),
    jobSignals.expired.connect(notifyExpired),
  ];
  log.debug("notification receivers connected");
  return () => {
    for (const disconnect of disconnects) disconnect();
  };
}
