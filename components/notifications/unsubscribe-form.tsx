"use client";

import Link from "next/link";
import { useActionState, useEffect, useRef } from "react";
import { unsubscribeAction } from "@/app/unsubscribe/confirm/actions";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";

const preferencesLink = "inline-flex min-h-11 items-center font-medium text-indigo-700 underline underline-offset-2";

/**
 * The one button of the unsubscribe page: a POST (a server action, so it
 * works before scripts load too), never the GET of opening the link. Once it
 * has worked, the form gives way to the confirmation, which takes focus so
 * keyboard and screen reader users land on it.
 */
export function UnsubscribeForm({ token }: { token: string }) {
  const [state, action, pending] = useActionState(unsubscribeAction, null);
  const doneRef = useRef<HTMLDivElement>(null);
  const done = state?.ok === true;

  useEffect(() => {
    if (done) doneRef.current?.focus();
  }, [done]);

  if (done) {
    return (
      <div ref={doneRef} tabIndex={-1} className="flex flex-col items-start gap-3 focus:outline-none">
        <Alert tone="success" title="You won't get reminder emails any more">
          We will not email you reminders about jobs that are still waiting. Emails you ask for, like a verification link, still arrive, and
          so do the notifications in your inbox.
        </Alert>
        <Link href="/settings/notifications" className={preferencesLink}>
          Change your email preferences
        </Link>
      </div>
    );
  }

  return (
    <form action={action} className="flex flex-col items-start gap-4">
      <input type="hidden" name="token" value={token} />
      <p className="text-slate-700">
        We email a reminder when something is still waiting for you. Unsubscribe, and we stop sending those. Emails you ask for, like a
        verification link, still arrive, and so do the notifications in your inbox.
      </p>
      {state?.ok === false && <Alert tone="error">{state.error.message}</Alert>}
      <Button type="submit" pending={pending} pendingLabel="Unsubscribing…">
        Unsubscribe
      </Button>
    </form>
  );
}
