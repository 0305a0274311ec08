import "server-only";
import { z } from "zod";
import type { Db } from "@/lib/db/client";
import { isAppError } from "@/lib/errors";
import { effectiveStatus, type Job } from "@/lib/jobs";
import { type DeliveryLogEntry, getWebhookEndpoint, webhookDeliveryLog } from "@/lib/webhooks/webhook-endpoints";

// A webhook endpoint as the "fix a failing webhook endpoint" job shows it to
// staff: what it is, why it was disabled, its delivery log, and the job. Never
// its signing secret (getWebhookEndpoint does not select it).

export interface WebhookEndpointForStaff {
  endpoint: Awaited<ReturnType<typeof getWebhookEndpoint>>;
  log: DeliveryLogEntry[];
  /** The latest "fix a failing webhook endpoint" job for it (the pending one if any), or null. */
  fixJob: { id: string; jobType: string; status: Job["status"] } | null;
}

const FIX_JOB_TYPE = "staff.fix-webhook-endpoint";

/** The endpoint, or null (also for an id that is not a uuid). */
export async function getWebhookEndpointForStaff(db: Db, endpointId: string): Promise<WebhookEndpointForStaff | null> {
  if (!z.uuid().safeParse(endpointId).success) return null;
  const endpoint = await getWebhookEndpoint(db, endpointId).catch((error: unknown) => {
    if (isAppError(error) && error.code === "not_found") return null;
    throw error;
  });
  if (!endpoint) return null;
  const [log, job] = await Promise.all([
    webhookDeliveryLog(db, endpoint.id, 50),
    db.job.findFirst({
      where: { jobType: FIX_JOB_TYPE, targetType: "webhook-endpoint", targetId: endpoint.id },
      // Served by jobs_target_idx; pending first, as the engine's findLatestJob does.
      orderBy: [{ status: "asc" }, { createdAt: "desc" }],
      select: { id: true, jobType: true, status: true, expiresAt: true },
    }),
  ]);
  return { endpoint, log, fixJob: job ? { id: job.id, jobType: job.jobType, status: effectiveStatus(job) } : null };
}
