import type { Prisma } from "@/lib/db/client";
import { jobSignals, type JobSignalPayload } from "@/lib/jobs";
import { connectOnce } from "@/lib/jobs/connect-once";
import { toApiJob } from "@/lib/api/api-job";
import { recordWebhookEvent, recordWebhookEvents } from "./record-webhook-event";

// The engine receivers that turn job changes into webhook events. They run in
// the change's transaction (each in its own savepoint), so the outbox row
// commits or rolls back with the change. All of them are connected as
// required: they are the outbox, and "a committed change never loses its
// event" holds only if a change whose event cannot be written fails instead
// (an optional receiver's failure would be rolled back alone and the change
// would commit without it, with nothing to write the event later).

function jobData({ job, actor, data }: Pick<JobSignalPayload, "job" | "actor"> & { data?: unknown }): Prisma.InputJsonObject {
  return JSON.parse(
    JSON.stringify({ job: toApiJob(job), actor: { id: actor.id, source: actor.source }, change: data ?? {} }),
  ) as Prisma.InputJsonObject;
}

const on = (type: string) =>
  Object.defineProperty(
    async (payload: JobSignalPayload) => {
      await recordWebhookEvent(payload.db, type, jobData(payload));
    },
    "name",
    { value: `webhook ${type}` },
  );

const requested = on("job.requested");
const cancelled = on("job.cancelled");
const expired = on("job.expired");
const assigned = on("job.assigned");

async function completed(payload: JobSignalPayload): Promise<void> {
  await recordWebhookEvent(payload.db, "job.completed", jobData(payload));
  // The notification receivers, connected before these, have just marked the
  // notifications this completion actioned: now() is the transaction's start,
  // the moment they wrote, and the column keeps milliseconds, so compare with
  // now() rounded the same way (seen failing with plain now()).
  const actioned = await payload.db.$queryRaw<
    { id: string; channel: string; recipientId: string; sentAt: Date | null; actionedAt: Date }[]
  >`
    SELECT id, channel::text AS channel, recipient_id AS "recipientId", sent_at AS "sentAt", actioned_at AS "actionedAt"
    FROM notifications WHERE job_id = ${payload.job.id}::uuid AND actioned_at = now()::timestamptz(3)`;
  const job = jobData(payload).job as Prisma.InputJsonObject;
  await recordWebhookEvents(
    payload.db,
    "notification.actioned",
    actioned.map((n) => ({
      notification: {
        id: n.id,
        channel: n.channel,
        recipientId: n.recipientId,
        sentAt: n.sentAt?.toISOString() ?? null,
        actionedAt: n.actionedAt.toISOString(),
      },
      job,
    })),
  );
}

/** Connects the webhook receivers (idempotent). Call it where the other receivers are connected, after the notification receivers. */
export function connectWebhookReceivers(): () => void {
  return connectOnce("webhooks", () => [
    jobSignals.requested.connect(requested, { required: true }),
    jobSignals.completed.connect(completed, { required: true }),
    jobSignals.cancelled.connect(cancelled, { required: true }),
    jobSignals.expired.connect(expired, { required: true }),
    jobSignals.assigned.connect(assigned, { required: true }),
  ]);
}
