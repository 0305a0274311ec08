"use client";

import Link from "next/link";
import { useActionState } from "react";
import { acceptInviteAction } from "@/app/(auth)/join/actions";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";

/** The "Join" button of an invitation page, for a signed-in person; then where to go next. */
export function AcceptInviteForm({ token, organisationName }: { token: string; organisationName: string }) {
  const [state, action, pending] = useActionState(acceptInviteAction, null);

  if (state?.ok) {
    return (
      <div className="flex flex-col gap-4">
        <Alert tone="success" title={`You are in ${state.data.organisationName}`}>
          {state.data.joined ? "Welcome to the team." : "You had already joined this team."} Its jobs are on your list under “For your
          team”.
        </Alert>
        <Link
          href="/team"
          className="inline-flex min-h-11 items-center justify-center rounded-md bg-indigo-600 px-4 text-sm font-medium text-white hover:bg-indigo-700"
        >
          See your team
        </Link>
      </div>
    );
  }
  return (
    <form action={action} className="flex flex-col gap-4">
      {state && !state.ok && <Alert tone="error">{state.error.message}</Alert>}
      <input type="hidden" name="token" value={token} />
      <Button type="submit" pending={pending} pendingLabel="Joining…" className="self-start">
        Join {organisationName}
      </Button>
    </form>
  );
}
