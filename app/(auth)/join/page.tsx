import type { Metadata } from "next";
import Link from "next/link";
import { AcceptInviteForm } from "@/components/invites/accept-invite-form";
import { Alert } from "@/components/ui/alert";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { getInvitation } from "@/lib/invites/get-invitation";
import { db } from "@/lib/server/db";
import { getActor } from "@/lib/server/session";

export const metadata: Metadata = { title: "Join a team" };

interface JoinPageProps {
  searchParams: Promise<{ token?: string | string[] }>;
}

const linkClass = "inline-flex min-h-11 items-center justify-center rounded-md px-4 text-sm font-medium";

/**
 * Where an invitation's link lands, signed in or not. Opening it changes
 * nothing (mail scanners open links too): signed out, it offers to sign up or
 * sign in and come back here; signed in, the "Join" button accepts it.
 */
export default async function JoinPage({ searchParams }: JoinPageProps) {
  const { token } = await searchParams;
  const [invitation, actor] = await Promise.all([getInvitation(db, token), getActor()]);

  if (!invitation || typeof token !== "string") {
    return (
      <div className="mx-auto w-full max-w-md">
        <PageHeader title="Join a team" />
        <Alert tone="error" title="This invitation link is not valid">
          Open the link from the email again, or ask your colleague for a new invitation.
        </Alert>
      </div>
    );
  }

  const here = `/join?token=${encodeURIComponent(token)}`;
  return (
    <div className="mx-auto w-full max-w-md">
      <PageHeader title={`Join ${invitation.organisationName || "a team"}`}>
        {invitation.inviterName} invited {invitation.email} to work with them on jtbd.
      </PageHeader>
      <Card className="flex flex-col gap-4">
        {invitation.state === "accepted" && actor && actor.id === invitation.acceptedById && (
          // Also what the page shows right after joining: the action revalidates it.
          <>
            <Alert tone="success" title={`You are in ${invitation.organisationName}`}>
              Welcome to the team. Its jobs are on your list under “For your team”.
            </Alert>
            <Link href="/team" className={`${linkClass} bg-indigo-600 text-white hover:bg-indigo-700`}>
              See your team
            </Link>
          </>
        )}
        {invitation.state === "accepted" && actor?.id !== invitation.acceptedById && (
          <Alert tone="info" title="This invitation has been used">
            If it was you, your team is on your{" "}
            <Link href="/team" className="font-medium underline underline-offset-2">
              team page
            </Link>
            .
          </Alert>
        )}
        {invitation.state === "expired" && (
          <Alert tone="error" title="This invitation has expired">
            Invitations work for 14 days. Ask your colleague to send a new one.
          </Alert>
        )}
        {invitation.state === "no-team" && (
          <Alert tone="error" title="This team is gone">
            The person who invited you is no longer part of a team. Ask them for a new invitation.
          </Alert>
        )}
        {invitation.state === "open" &&
          (actor && actor.email.toLowerCase() !== invitation.email ? (
            <Alert tone="error" title="This invitation is for another address">
              You are signed in as {actor.email}, and it was sent to {invitation.email}. Sign out (in the account menu), then sign in or
              sign up with {invitation.email} and open the link again.
            </Alert>
          ) : actor ? (
            <>
              <p className="text-sm text-slate-700">
                You are signed in as {actor.email}. Joining moves you into {invitation.organisationName}; a team of your own with nobody
                else in it is closed.
              </p>
              <AcceptInviteForm token={token} organisationName={invitation.organisationName} />
            </>
          ) : (
            <>
              <p className="text-sm text-slate-700">
                Create an account with {invitation.email}, or sign in if you have one, then come back here to join.
              </p>
              <div className="flex flex-wrap gap-2">
                <Link
                  href={`/signup?callbackUrl=${encodeURIComponent(here)}`}
                  className={`${linkClass} bg-indigo-600 text-white hover:bg-indigo-700`}
                >
                  Create an account
                </Link>
                <Link
                  href={`/signin?callbackUrl=${encodeURIComponent(here)}`}
                  className={`${linkClass} border border-slate-300 bg-white text-slate-900 hover:bg-slate-100`}
                >
                  Sign in
                </Link>
              </div>
            </>
          ))}
      </Card>
    </div>
  );
}
