import type { Metadata } from "next";
import Link from "next/link";
import { UnreadCountChanged } from "@/components/notifications/unread-count-changed";
import { Alert } from "@/components/ui/alert";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { verifyMyEmail } from "@/lib/server/commands/verify-my-email";
import { db } from "@/lib/server/db";
import { requireUser } from "@/lib/server/session";
import type { ActionError } from "@/lib/validation/action-result";

export const metadata: Metadata = { title: "Verify your email" };

interface VerifyEmailPageProps {
  searchParams: Promise<{ token?: string | string[] }>;
}

const button = "inline-flex min-h-11 items-center rounded-md bg-indigo-600 px-4 text-sm font-medium text-white hover:bg-indigo-700";

function Refused({ error }: { error: ActionError }) {
  const title =
    error.code === "forbidden"
      ? "This link is for another account"
      : error.code === "invalid_input"
        ? "This link does not work"
        : "We could not verify your address";
  return (
    <>
      <Alert tone="error" title={title}>
        {error.message}
      </Alert>
      <Link href="/todo" className={button}>
        Go to my jobs
      </Link>
    </>
  );
}

/**
 * Where the "verify your email" link lands. Signed out, the (user) layout and
 * requireUser() send the person to sign in and back here with the token.
 * Verifying is safe to do on opening the page: it only ever verifies the
 * signed-in person's own address, and doing it twice changes nothing.
 */
export default async function VerifyEmailPage({ searchParams }: VerifyEmailPageProps) {
  const actor = await requireUser();
  const { token } = await searchParams;

  if (token === undefined) {
    const user = await db.user.findUniqueOrThrow({ where: { id: actor.id }, select: { email: true, emailVerified: true } });
    return (
      <>
        <PageHeader title="Verify your email" />
        <Card className="flex max-w-xl flex-col items-start gap-4">
          {user.emailVerified ? (
            <Alert tone="success" title="Your address is verified">
              {user.email} is verified. Nothing more to do here.
            </Alert>
          ) : (
            <p className="text-slate-700">
              We sent a link to <span className="font-medium text-slate-900">{user.email}</span>. Open it on this device to verify your
              address. It works for 7 days; each reminder email carries a fresh one.
            </p>
          )}
          <Link href="/todo" className={button}>
            Go to my jobs
          </Link>
        </Card>
      </>
    );
  }

  const result = await verifyMyEmail.run(actor, { token: Array.isArray(token) ? token[0] : token });
  return (
    <>
      <PageHeader title="Verify your email" />
      <Card className="flex max-w-xl flex-col items-start gap-4">
        {result.ok ? (
          <>
            <UnreadCountChanged />
            <Alert tone="success" title="Your email is verified">
              Thank you: {actor.email} is verified, and “Verify your email address” is done.
            </Alert>
            <Link href="/todo" className={button}>
              Go to my jobs
            </Link>
          </>
        ) : (
          <Refused error={result.error} />
        )}
      </Card>
    </>
  );
}
