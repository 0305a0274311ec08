import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { z } from "zod";
import { CapturedEmailView } from "@/components/notifications/captured-email-view";
import { hasRole } from "@/lib/auth/roles";
import { db } from "@/lib/server/db";
import { requireUser } from "@/lib/server/session";
import { devMailboxEnabled } from "@/lib/server/dev-mailbox-enabled";
import { getCapturedEmail } from "../get-captured-email";

export const metadata: Metadata = { title: "Email · Dev mailbox", robots: { index: false } };

interface CapturedEmailPageProps {
  params: Promise<{ id: string }>;
}

/** One captured email. Someone else's (for a non-admin), a malformed id or a missing one: all the same 404. */
export default async function CapturedEmailPage({ params }: CapturedEmailPageProps) {
  if (!devMailboxEnabled()) notFound();
  const actor = await requireUser();
  const id = z.uuid().safeParse((await params).id);
  if (!id.success) notFound();
  const email = await getCapturedEmail(db, id.data, { email: actor.email, isAdmin: hasRole(actor.role, ["admin"]) });
  if (!email) notFound();

  return (
    <div className="flex flex-col gap-4">
      <Link
        href="/dev/mailbox"
        className="inline-flex min-h-11 items-center self-start font-medium text-indigo-700 underline underline-offset-2"
      >
        <span aria-hidden="true">«&nbsp;</span>Back to the mailbox
      </Link>
      <CapturedEmailView email={email} />
    </div>
  );
}
