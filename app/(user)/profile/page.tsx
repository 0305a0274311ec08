import type { Metadata } from "next";
import Link from "next/link";
import { ProfileForm } from "@/components/account/profile-form";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { db } from "@/lib/server/db";
import { requireUser } from "@/lib/server/session";
import { getMyProfile } from "./get-my-profile";

export const metadata: Metadata = { title: "Your profile" };

export default async function ProfilePage() {
  const actor = await requireUser();
  const profile = await getMyProfile(db, actor.id);
  return (
    <>
      <PageHeader title="Your profile">Your name, company and role help teammates and our staff know who they are working with.</PageHeader>
      <Card as="section" aria-label="Profile details" className="max-w-xl">
        <p className="mb-4 text-sm text-slate-700">
          Signed in as <span className="font-medium text-slate-900">{profile.email}</span>
          {profile.emailVerified ? (
            " (verified)"
          ) : (
            <>
              {" "}
              (not verified yet:{" "}
              <Link href="/account/verify-email" className="font-medium text-indigo-700 underline underline-offset-2">
                how to verify
              </Link>
              )
            </>
          )}
        </p>
        <ProfileForm saved={profile.saved} />
      </Card>
    </>
  );
}
