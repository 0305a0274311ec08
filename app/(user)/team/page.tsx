import type { Metadata } from "next";
import { InviteForm } from "@/components/account/invite-form";
import { InviteList } from "@/components/account/invite-list";
import { CardSection } from "@/components/ui/card-section";
import { PageHeader } from "@/components/ui/page-header";
import { db } from "@/lib/server/db";
import { requireUser } from "@/lib/server/session";
import { listMyInvites } from "./list-my-invites";

export const metadata: Metadata = { title: "Your team" };

export default async function TeamPage() {
  const actor = await requireUser();
  const invites = await listMyInvites(db, actor.id);
  return (
    <>
      <PageHeader title="Your team">Work goes faster with someone beside you. Invite the people you work with.</PageHeader>
      <div className="grid gap-6 lg:grid-cols-2 lg:items-start">
        <CardSection title="Invite a teammate">
          <InviteForm />
        </CardSection>
        <section aria-labelledby="invites-heading" className="flex flex-col gap-3">
          <h2 id="invites-heading" className="text-lg font-semibold text-slate-900">
            Invitations you sent
          </h2>
          <InviteList invites={invites} now={new Date()} labelledBy="invites-heading" />
        </section>
      </div>
    </>
  );
}
