import type { Metadata } from "next";
import Link from "next/link";
import { UnsubscribeForm } from "@/components/notifications/unsubscribe-form";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { readUnsubscribeToken } from "@/lib/notifications";
import { getActor } from "@/lib/server/session";

export const metadata: Metadata = { title: "Unsubscribe", robots: { index: false } };

interface UnsubscribeConfirmPageProps {
  searchParams: Promise<{ token?: string | string[] }>;
}

/**
 * Where the link in a reminder email's footer lands (through GET
 * /unsubscribe). No session is needed and none is checked: the signed token
 * names the person, and the page only asks; the button's POST is what turns
 * the emails off. A token that was changed or cut off is refused here,
 * before anyone presses anything.
 */
export default async function UnsubscribeConfirmPage({ searchParams }: UnsubscribeConfirmPageProps) {
  const raw = (await searchParams).token;
  const token = Array.isArray(raw) ? raw[0] : raw;

  if (!token || !readUnsubscribeToken(token)) {
    // Only to word the way out: the preferences page checks the session itself.
    const signedIn = (await getActor()) !== null;
    return (
      <>
        <PageHeader title="This unsubscribe link is not valid" />
        <Card className="flex max-w-xl flex-col items-start gap-4">
          <p className="text-slate-700">
            The link may have been cut off or changed on its way to you, so we cannot tell whose emails it is about. Nothing was changed.
          </p>
          <p className="text-slate-700">
            Use the link at the bottom of the latest reminder email, or sign in and turn reminder emails off in your email preferences.
          </p>
          <Link
            href="/settings/notifications"
            className="inline-flex min-h-11 items-center rounded-md bg-indigo-600 px-4 text-sm font-medium text-white hover:bg-indigo-700"
          >
            {signedIn ? "Change your email preferences" : "Sign in to change your email preferences"}
          </Link>
        </Card>
      </>
    );
  }

  return (
    <>
      <PageHeader title="Unsubscribe from reminder emails?" />
      <Card className="max-w-xl">
        <UnsubscribeForm token={token} />
      </Card>
    </>
  );
}
