import type { Metadata } from "next";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { AREA_ROLES } from "@/lib/auth/roles";
import { db } from "@/lib/server/db";
import { getStaffQueueCounts } from "@/lib/server/get-staff-queue-counts";
import { requireRole } from "@/lib/server/session";

export const metadata: Metadata = { title: "Staff queues" };

export default async function StaffPage() {
  await requireRole(...AREA_ROLES.staff);
  const queues = await getStaffQueueCounts(db);
  const total = queues.reduce((sum, queue) => sum + queue.pending, 0);

  return (
    <>
      <PageHeader title="Staff queues">Jobs waiting for staff, by kind.</PageHeader>
      {total === 0 && (
        <div className="mb-4">
          <EmptyState title="Nothing is waiting">Every staff queue is empty right now.</EmptyState>
        </div>
      )}
      <ul className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
        {queues.map((queue) => (
          <Card as="li" key={queue.jobType} aria-labelledby={`queue-${queue.jobType}`}>
            <h2 id={`queue-${queue.jobType}`} className="font-medium text-slate-900">
              {queue.title}
            </h2>
            <p className="mt-1 text-sm text-slate-600">{queue.description}</p>
            <p className="mt-3 text-2xl font-semibold text-slate-900">
              {queue.pending} <span className="text-sm font-normal text-slate-600">pending</span>
            </p>
          </Card>
        ))}
      </ul>
    </>
  );
}
