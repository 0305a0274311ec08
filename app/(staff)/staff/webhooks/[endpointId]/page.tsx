import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { WebhookDeliveryLog } from "@/components/admin/webhook-delivery-log";
import { WebhookEndpointActions } from "@/components/admin/webhook-endpoint-actions";
import { Breadcrumbs } from "@/components/staff/breadcrumbs";
import { formatDateTime } from "@/components/staff/format-date-time";
import { queueHref } from "@/components/staff/queue-href";
import { JobStatusBadge } from "@/components/staff/status-badge";
import { Alert } from "@/components/ui/alert";
import { CardSection } from "@/components/ui/card-section";
import { Fact, FactList } from "@/components/ui/fact-list";
import { PageHeader } from "@/components/ui/page-header";
import { AREA_ROLES, hasRole } from "@/lib/auth/roles";
import { jobTypes } from "@/lib/jobs";
import { db } from "@/lib/server/db";
import { getWebhookEndpointForStaff } from "@/lib/server/queries/webhook-endpoint-for-staff";
import { requireRole } from "@/lib/server/session";

export const metadata: Metadata = { title: "Webhook endpoint" };

const FIX = jobTypes.require("staff.fix-webhook-endpoint");

/**
 * Where a "fix a failing webhook endpoint" job leads: every staff member sees
 * what failed (the endpoint, why it was disabled, the delivery log) to take
 * it up with its owner. Enabling it again, test-sends and replays stay with
 * admins, who hold the keys to the integrations: the buttons render for them
 * only, and the actions behind them refuse everyone else.
 */
export default async function StaffWebhookEndpointPage({ params }: { params: Promise<{ endpointId: string }> }) {
  const actor = await requireRole(...AREA_ROLES.staff);
  const view = await getWebhookEndpointForStaff(db, (await params).endpointId);
  if (!view) notFound();
  const { endpoint, log, fixJob } = view;
  const isAdmin = hasRole(actor.role, AREA_ROLES.admin);

  return (
    <>
      <Breadcrumbs
        items={[{ label: "Staff queues", href: "/staff" }, { label: FIX.title, href: queueHref(FIX.key) }, { label: endpoint.url }]}
      />
      <PageHeader title="Webhook endpoint">
        <span className="break-all">{endpoint.url}</span>
      </PageHeader>
      <div className="flex flex-col gap-6">
        <CardSection title="The endpoint">
          <FactList>
            <Fact label="URL">
              <span className="break-all">{endpoint.url}</span>
            </Fact>
            {endpoint.description && <Fact label="Description">{endpoint.description}</Fact>}
            <Fact label="Events">{endpoint.eventTypes.join(", ")}</Fact>
            <Fact label="Status">{endpoint.enabled ? "Enabled" : "Disabled"}</Fact>
            {!endpoint.enabled && <Fact label="Why it was disabled">{endpoint.disabledReason ?? "Disabled by an admin."}</Fact>}
            <Fact label="Failures in a row">{endpoint.consecutiveFailures}</Fact>
            <Fact label="Registered">
              <time dateTime={endpoint.createdAt.toISOString()}>{formatDateTime(endpoint.createdAt)}</time>
            </Fact>
            {fixJob && (
              <Fact label="Fix job">
                <Link
                  href={`/staff/queues/${encodeURIComponent(fixJob.jobType)}/${fixJob.id}`}
                  className="text-indigo-700 underline underline-offset-2 hover:text-indigo-900"
                >
                  Job details and timeline
                </Link>{" "}
                <JobStatusBadge status={fixJob.status} />
              </Fact>
            )}
          </FactList>
          <div className="mt-4">
            {isAdmin ? (
              <WebhookEndpointActions endpointId={endpoint.id} enabled={endpoint.enabled} />
            ) : (
              <Alert tone="info" live={false}>
                Only an admin can enable this endpoint again or replay what it missed. Check the failures below with the endpoint&apos;s
                owner, then ask an admin to enable it; resolve the job once deliveries go through.
              </Alert>
            )}
          </div>
        </CardSection>
        <section aria-labelledby="log" className="flex flex-col gap-3">
          <h2 id="log" className="text-lg font-semibold text-slate-900">
            Delivery log
          </h2>
          <WebhookDeliveryLog entries={log} canReplay={isAdmin} />
        </section>
      </div>
    </>
  );
}
