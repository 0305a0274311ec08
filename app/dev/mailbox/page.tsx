import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { CapturedEmailList } from "@/components/notifications/captured-email-list";
import { Alert } from "@/components/ui/alert";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { hasRole } from "@/lib/auth/roles";
import { listCapturedEmails } from "@/lib/notifications";
import { db } from "@/lib/server/db";
import { requireUser } from "@/lib/server/session";
import { devMailboxEnabled } from "@/lib/server/dev-mailbox-enabled";

export const metadata: Metadata = { title: "Dev mailbox", robots: { index: false } };

/**
 * The emails the app would have sent, while no SMTP server is configured.
 * Outside development (or with SMTP_URL set) it does not exist: 404 for
 * everyone, before any sign-in. A person sees the mail sent to their own
 * address; an admin sees all of it.
 */
export default async function DevMailboxPage() {
  if (!devMailboxEnabled()) notFound();
  const actor = await requireUser();
  const isAdmin = hasRole(actor.role, ["admin"]);
  const emails = await listCapturedEmails(db, isAdmin ? { limit: 50 } : { to: actor.email, limit: 50 });

  return (
    <>
      <PageHeader title="Dev mailbox">
        {isAdmin ? "Every email the app sent, newest first (you are an admin)." : `Emails sent to ${actor.email}, newest first.`}
      </PageHeader>
      <div className="flex flex-col gap-4">
        <Alert tone="info" title="Development only">
          No SMTP server is configured (SMTP_URL), so emails are kept here instead of being sent. The worker delivers them a moment after
          they are requested.{" "}
          <Link href="/dev/mailbox" className="font-medium underline underline-offset-2">
            Check for new mail
          </Link>
        </Alert>
        {emails.length === 0 ? (
          <EmptyState title="No emails yet">
            Emails appear here a few seconds after the app sends them, once the notification worker has run.
          </EmptyState>
        ) : (
          <CapturedEmailList emails={emails} now={new Date()} showRecipient={isAdmin} />
        )}
      </div>
    </>
  );
}
