import type { Metadata } from "next";
import { InviteForm } from "@/components/account/invite-form";
import { InviteList } from "@/components/account/invite-list";
import { CompanyDetailsForm } from "@/components/team/company-details-form";
import { MemberList } from "@/components/team/member-list";
import { CardSection } from "@/components/ui/card-section";
import { PageHeader } from "@/components/ui/page-header";
import { db } from "@/lib/server/db";
import { getMyOrganisation } from "@/lib/server/queries/my-organisation";
import { requireUser } from "@/lib/server/session";
import { listMyInvites } from "./list-my-invites";

export const metadata: Metadata = { title: "Your team" };

export default async function TeamPage() {
  const actor = await requireUser();
  const [invites, organisation] = await Promise.all([listMyInvites(db, actor.id), getMyOrganisation(db, actor.id)]);
  const canEdit = organisation !== null && organisation.role !== "member";
  return (
    <>
      <PageHeader title={organisation ? organisation.name : "Your team"}>
        Work goes faster with someone beside you. Invite the people you work with: they join this team.
      </PageHeader>
      <div className="grid gap-6 lg:grid-cols-2 lg:items-start">
        <div className="flex flex-col gap-6">
          {organisation && (
            <section aria-labelledby="members-heading" className="flex flex-col gap-3">
              <h2 id="members-heading" className="text-lg font-semibold text-slate-900">
                Members ({organisation.memberCount})
              </h2>
              <MemberList
                members={organisation.members}
                viewerId={actor.id}
                labelledBy="members-heading"
                canManage={organisation.role === "owner"}
              />
            </section>
          )}
          {organisation && canEdit && (
            <div id="company-details" className="scroll-mt-20">
              <CardSection title="Company details">
                <CompanyDetailsForm
                  initial={{ name: organisation.name, website: organisation.website ?? "", industry: organisation.industry ?? "" }}
                />
              </CardSection>
            </div>
          )}
          {organisation && !canEdit && (
            <p className="text-sm text-slate-700">Your team&apos;s owner and admins can change its name and company details.</p>
          )}
        </div>
        <div className="flex flex-col gap-6">
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
      </div>
    </>
  );
}
