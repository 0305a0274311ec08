import type { Metadata } from "next";
import Link from "next/link";
import { MarkGuideReadButton } from "@/components/account/mark-guide-read-button";
import { Alert } from "@/components/ui/alert";
import { TimeAgo } from "@/components/ui/time-ago";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { db } from "@/lib/server/db";
import { requireUser } from "@/lib/server/session";
import { getMyGuideJob } from "./get-my-guide-job";

export const metadata: Metadata = { title: "Getting started" };

const link = "font-medium text-indigo-700 underline underline-offset-2";

export default async function GuidePage() {
  const actor = await requireUser();
  const guide = await getMyGuideJob(db, actor.id);
  const now = new Date();

  return (
    <>
      <PageHeader title="Getting started">Five minutes on how jobs, queues and notifications fit together.</PageHeader>
      <Card as="article" aria-label="The getting started guide" className="max-w-2xl">
        <div className="flex flex-col gap-6 leading-relaxed text-slate-800">
          <section aria-labelledby="guide-jobs">
            <h2 id="guide-jobs" className="text-lg font-semibold text-slate-900">
              Jobs: what still needs doing
            </h2>
            <p className="mt-2">
              Everything that needs doing is a <strong>job</strong>: verify your email, upload a document, review that document. A job is
              about one thing (you, a document, an invitation), is waiting for someone, and ends one way: completed, dismissed or expired.
            </p>
            <p className="mt-2">
              Most jobs tick themselves off. Save your profile and “Complete your profile” is done; upload a document and “Upload a
              verification document” is done. A few, like this guide, are yours to tick when you have done them. Your jobs are on{" "}
              <Link href="/todo" className={link}>
                My jobs
              </Link>
              , first things first.
            </p>
          </section>
          <section aria-labelledby="guide-queues">
            <h2 id="guide-queues" className="text-lg font-semibold text-slate-900">
              Queues: what our staff pick up
            </h2>
            <p className="mt-2">
              Some jobs are for our staff. When you upload a document, a “review document” job lands in their queue; when they approve it,
              it is done. When something goes wrong on your side, say a file we cannot accept or an invitation that bounces, it becomes a
              job in a staff queue too, so someone follows it up instead of it vanishing into a log.
            </p>
          </section>
          <section aria-labelledby="guide-notifications">
            <h2 id="guide-notifications" className="text-lg font-semibold text-slate-900">
              Notifications: a nudge, never noise
            </h2>
            <p className="mt-2">
              Every notification belongs to a job. You hear about a job when it is asked of you, once more as a reminder if it is still
              waiting a day later, and when it expires. Finish the job and its notifications stop. You can turn reminder emails off with the
              link at the bottom of any of them.
            </p>
          </section>

          <div className="border-t border-slate-200 pt-4">
            {guide?.status === "pending" && <MarkGuideReadButton />}
            {guide?.status === "completed" && (
              <Alert tone="success">
                You marked this guide as read
                {guide.completedAt && (
                  <>
                    {" "}
                    <TimeAgo date={guide.completedAt} now={now} />
                  </>
                )}
                .{" "}
                <Link href="/todo" className="font-medium underline underline-offset-2">
                  Back to my jobs
                </Link>
              </Alert>
            )}
            {(guide === null || guide.status === "cancelled" || guide.status === "expired") && (
              <p className="text-sm text-slate-600">
                Nothing to tick here. See what is left on{" "}
                <Link href="/todo" className={link}>
                  My jobs
                </Link>
                .
              </p>
            )}
          </div>
        </div>
      </Card>
    </>
  );
}
