import { formatDistanceStrict } from "date-fns";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Breadcrumbs } from "@/components/staff/breadcrumbs";
import { DueDate } from "@/components/staff/due-date";
import { formatDateTime } from "@/components/staff/format-date-time";
import { JobActionsPanel } from "@/components/staff/job-actions-panel";
import { jobLabels } from "@/components/staff/job-labels";
import { JobNoteEditor } from "@/components/staff/job-note-editor";
import { JobTimeline } from "@/components/staff/job-timeline";
import { MetadataList } from "@/components/staff/metadata-list";
import { personName } from "@/components/staff/person-name";
import { PriorityLabel } from "@/components/staff/priority-label";
import { queueHref } from "@/components/staff/queue-href";
import { JobStatusBadge } from "@/components/staff/status-badge";
import { CardSection } from "@/components/ui/card-section";
import { Fact, FactList } from "@/components/ui/fact-list";
import { PageHeader } from "@/components/ui/page-header";
import { AREA_ROLES } from "@/lib/auth/roles";
import { staffHandle } from "@/lib/notes/mentions";
import { db } from "@/lib/server/db";
import { getJobDetail } from "@/lib/server/queries/job-detail";
import { listStaffMembers } from "@/lib/server/queries/staff-members";
import { requireRole } from "@/lib/server/session";
import { describeTargets } from "@/lib/server/target-describers";

interface JobPageProps {
  params: Promise<{ jobType: string; jobId: string }>;
}

export const metadata: Metadata = { title: "Job details" };

function When({ date, now }: { date: Date; now: Date }) {
  return (
    <>
      <time dateTime={date.toISOString()}>{formatDateTime(date)}</time>{" "}
      <span className="text-slate-600">({formatDistanceStrict(date, now, { addSuffix: true })})</span>
    </>
  );
}

/**
 * One staff job with its own URL: what it is about, its state, what can be
 * done with it, its metadata, and the audit timeline of everything that happened to it.
 */
export default async function JobPage({ params }: JobPageProps) {
  const actor = await requireRole(...AREA_ROLES.staff);
  const { jobType, jobId } = await params;
  const job = await getJobDetail(db, jobId);
  // The queue in the URL must be the job's own: one job, one address.
  if (!job || job.jobType !== jobType) notFound();
  const target = { targetType: job.target.type, targetId: job.target.id };
  // Staff members always: the note editor's mentions need them, finished job or not.
  const [staffMembers, describe] = await Promise.all([listStaffMembers(db), describeTargets(db, [target])]);
  const noteContext = {
    meId: actor.id,
    candidates: staffMembers
      .filter((member) => member.id !== actor.id)
      .map((member) => ({ handle: staffHandle(member.email), label: personName(member) })),
    visibleAllowed: job.notesVisibleToSubject,
  };
  const about = describe(target);
  const targetHref = about.href ?? job.target.href;
  const now = new Date();
  const pastDue = job.status === "pending" && job.dueAt !== null && job.dueAt <= now;

  return (
    <>
      <Breadcrumbs
        items={[{ label: "Staff queues", href: "/staff" }, { label: job.title, href: queueHref(job.jobType) }, { label: about.label }]}
      />
      <PageHeader title={job.title}>
        About <span className="break-all">{about.label}</span>
        {about.detail && <span className="text-slate-600"> ({about.detail})</span>}
      </PageHeader>

      <div className="grid gap-4 lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
        <div className="flex flex-col gap-4">
          <CardSection title="The job">
            <FactList>
              <Fact label="Target">
                {targetHref ? (
                  <Link href={targetHref} className="break-all text-indigo-700 underline underline-offset-2 hover:text-indigo-900">
                    {about.label}
                  </Link>
                ) : (
                  <span className="break-all">{about.label}</span>
                )}
                {about.detail && <span className="block text-sm text-slate-600">{about.detail}</span>}
                <span className="block font-mono text-xs break-all text-slate-600">
                  {job.target.type} {job.target.id}
                </span>
              </Fact>
              <Fact label="Status">
                <JobStatusBadge status={job.status} />
              </Fact>
              {job.snoozedUntil && (
                <Fact label="Snoozed until">
                  <When date={job.snoozedUntil} now={now} />
                </Fact>
              )}
              <Fact label="Assignee">
                {job.assignee ? (
                  job.assignee.id === actor.id ? (
                    "You"
                  ) : (
                    personName(job.assignee)
                  )
                ) : (
                  <span className="italic">Unassigned</span>
                )}
              </Fact>
              <Fact label="Priority">
                <PriorityLabel priority={job.priority} />
              </Fact>
              <Fact label="Requested">
                <When date={job.createdAt} now={now} />
              </Fact>
              {job.occurrences > 1 && (
                <Fact label="Occurrences">
                  Reported {job.occurrences} times
                  {job.lastOccurredAt && (
                    <span className="block">
                      last <When date={job.lastOccurredAt} now={now} />
                    </span>
                  )}
                </Fact>
              )}
              <Fact label="Due">
                {job.dueAt ? (
                  <>
                    <DueDate
                      iso={job.dueAt.toISOString()}
                      label={formatDistanceStrict(job.dueAt, now, { addSuffix: true })}
                      pastDue={pastDue}
                    />
                    <span className="block text-slate-600">{formatDateTime(job.dueAt)}</span>
                  </>
                ) : (
                  "No due date"
                )}
              </Fact>
              {job.expiresAt && (
                <Fact label={job.status === "expired" ? "Expired" : "Expires"}>
                  <When date={job.expiresAt} now={now} />
                </Fact>
              )}
              {job.completedAt && (
                <Fact label={job.status === "cancelled" ? "Dismissed" : "Resolved"}>
                  <When date={job.completedAt} now={now} />
                  <span className="block">
                    by{" "}
                    {job.completedBy
                      ? personName(job.completedBy)
                      : job.completionSource
                        ? jobLabels.source[job.completionSource]
                        : "unknown"}
                  </span>
                </Fact>
              )}
              {job.resolutionNote && (
                <Fact label={job.status === "cancelled" ? "Reason" : "Note"}>
                  <span className="whitespace-pre-wrap">{job.resolutionNote}</span>
                </Fact>
              )}
            </FactList>
          </CardSection>

          <CardSection title="Metadata">
            <MetadataList metadata={job.metadata} />
          </CardSection>

          <CardSection title="Audit timeline">
            <JobTimeline events={job.events} notes={job.notes} now={now} noteContext={noteContext} />
            <div className="mt-6 border-t border-slate-200 pt-4">
              <JobNoteEditor jobId={job.id} candidates={noteContext.candidates} visibleAllowed={noteContext.visibleAllowed} />
            </div>
          </CardSection>
        </div>

        <CardSection title="Actions" className="self-start">
          {/* Rendered whatever the status, so the outcome of resolving or dismissing stays on screen after the refresh. */}
          <JobActionsPanel
            jobId={job.id}
            status={job.status}
            assignee={job.assignee ? { id: job.assignee.id, name: personName(job.assignee) } : null}
            meId={actor.id}
            staffMembers={(job.status === "pending" ? staffMembers : []).map((member) => ({ id: member.id, label: personName(member) }))}
            title={job.title}
            expiresAt={job.expiresAt}
            snoozedUntil={job.snoozedUntil}
            reopenableUntil={job.reopenableUntil}
          />
        </CardSection>
      </div>
    </>
  );
}
