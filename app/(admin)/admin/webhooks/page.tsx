import type { Metadata } from "next";
import Link from "next/link";
import { WebhookEndpointForm } from "@/components/admin/webhook-endpoint-form";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { AREA_ROLES } from "@/lib/auth/roles";
import { db } from "@/lib/server/db";
import { requireRole } from "@/lib/server/session";
import { listWebhookEndpoints } from "@/lib/webhooks/webhook-endpoints";

export const metadata: Metadata = { title: "Webhooks" };

export default async function WebhooksPage() {
  await requireRole(...AREA_ROLES.admin);
  const endpoints = await listWebhookEndpoints(db);
  return (
    <>
      <PageHeader title="Webhooks">
        Endpoints hear about job changes, signed per Standard Webhooks. Keys for the API are on the{" "}
        <Link className="underline" href="/admin/api-keys">
          API keys page
        </Link>
        .
      </PageHeader>
      <div className="flex flex-col gap-6">
        <Card as="section" aria-labelledby="new-endpoint" className="flex max-w-xl flex-col gap-4">
          <h2 id="new-endpoint" className="text-lg font-semibold text-slate-900">
            New endpoint
          </h2>
          <WebhookEndpointForm />
        </Card>
        <section aria-labelledby="endpoints" className="flex flex-col gap-3">
          <h2 id="endpoints" className="text-lg font-semibold text-slate-900">
            Endpoints
          </h2>
          {endpoints.length === 0 ? (
            <EmptyState title="No endpoints yet">Register one above.</EmptyState>
          ) : (
            <ul className="flex flex-col gap-3">
              {endpoints.map((e) => (
                <li key={e.id} className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
                  <Link href={`/admin/webhooks/${e.id}`} className="font-medium break-all text-indigo-700 underline">
                    {e.url}
                  </Link>
                  {!e.enabled && <span className="ml-2 rounded bg-amber-100 px-2 py-0.5 text-xs text-amber-900">Disabled</span>}
                  <p className="text-sm text-slate-700">{e.eventTypes.join(", ")}</p>
                  {e.description && <p className="text-sm text-slate-600">{e.description}</p>}
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>
    </>
  );
}
