import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { z } from "zod";
import { WebhookDeliveryLog } from "@/components/admin/webhook-delivery-log";
import { WebhookEndpointActions } from "@/components/admin/webhook-endpoint-actions";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { AREA_ROLES } from "@/lib/auth/roles";
import { isAppError } from "@/lib/errors";
import { db } from "@/lib/server/db";
import { requireRole } from "@/lib/server/session";
import { getWebhookEndpoint, webhookDeliveryLog } from "@/lib/webhooks/webhook-endpoints";

export const metadata: Metadata = { title: "Webhook endpoint" };

export default async function WebhookEndpointPage({ params }: { params: Promise<{ endpointId: string }> }) {
  await requireRole(...AREA_ROLES.admin);
  const id = z.uuid().safeParse((await params).endpointId);
  if (!id.success) notFound();
  const endpoint = await getWebhookEndpoint(db, id.data).catch((error: unknown) => {
    if (isAppError(error) && error.code === "not_found") notFound();
    throw error;
  });
  const log = await webhookDeliveryLog(db, endpoint.id);
  return (
    <>
      <p className="mb-2 text-sm">
        <Link href="/admin/webhooks" className="text-indigo-700 underline">
          Webhooks
        </Link>
      </p>
      <PageHeader title="Webhook endpoint">
        <span className="break-all">{endpoint.url}</span>
      </PageHeader>
      <div className="flex flex-col gap-6">
        <Card as="section" aria-labelledby="about" className="flex flex-col gap-3 text-sm text-slate-700">
          <h2 id="about" className="text-lg font-semibold text-slate-900">
            Endpoint
          </h2>
          <p>Events: {endpoint.eventTypes.join(", ")}</p>
          {endpoint.description && <p>{endpoint.description}</p>}
          <p>
            Status: {endpoint.enabled ? "enabled" : `disabled (${endpoint.disabledReason ?? "by an admin"})`} · failures in a row:{" "}
            {endpoint.consecutiveFailures}
          </p>
          <WebhookEndpointActions endpointId={endpoint.id} enabled={endpoint.enabled} />
        </Card>
        <section aria-labelledby="log" className="flex flex-col gap-3">
          <h2 id="log" className="text-lg font-semibold text-slate-900">
            Delivery log
          </h2>
          <WebhookDeliveryLog entries={log} />
        </section>
      </div>
    </>
  );
}
