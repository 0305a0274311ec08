import type { Metadata } from "next";
import { ChangeEmailForm } from "@/components/account-settings/change-email-form";
import { ChangePasswordForm } from "@/components/account-settings/change-password-form";
import { SignOutEverywhereForm } from "@/components/account-settings/sign-out-everywhere-form";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { db } from "@/lib/server/db";
import { pendingEmailChange } from "@/lib/server/queries/pending-email-change";
import { requireUser } from "@/lib/server/session";

export const metadata: Metadata = { title: "Account" };

interface AccountPageProps {
  searchParams: Promise<{ changed?: string | string[] }>;
}

export default async function AccountPage({ searchParams }: AccountPageProps) {
  const actor = await requireUser();
  const { changed } = await searchParams;
  const waiting = await pendingEmailChange(db, actor.id);
  return (
    <>
      <PageHeader title="Account">Signed in as {actor.email}.</PageHeader>
      <div className="flex max-w-xl flex-col gap-6">
        <Card className="flex flex-col gap-4">
          <h2 className="text-lg font-semibold text-slate-900">Change password</h2>
          <ChangePasswordForm changed={changed === "password"} />
        </Card>
        <Card className="flex flex-col gap-4">
          <h2 className="text-lg font-semibold text-slate-900">Change email address</h2>
          <ChangeEmailForm
            email={actor.email}
            waiting={waiting && { newEmail: waiting.newEmail, expiresAt: waiting.expiresAt?.toISOString() ?? null }}
            changed={changed === "email"}
          />
        </Card>
        <Card className="flex flex-col gap-4">
          <h2 className="text-lg font-semibold text-slate-900">Sign out everywhere</h2>
          <SignOutEverywhereForm />
        </Card>
      </div>
    </>
  );
}
