import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { SignUpForm } from "@/components/auth/sign-up-form";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { getActor } from "@/lib/server/session";
import { safeCallbackUrl } from "@/lib/validation/auth";

export const metadata: Metadata = { title: "Create an account" };

interface SignUpPageProps {
  searchParams: Promise<{ callbackUrl?: string | string[] }>;
}

export default async function SignUpPage({ searchParams }: SignUpPageProps) {
  // Only a path of this site (an invitation's page), like sign-in's.
  const callbackUrl = safeCallbackUrl((await searchParams).callbackUrl, "");
  if (await getActor()) redirect(callbackUrl || "/todo");

  return (
    <div className="mx-auto w-full max-w-md">
      <PageHeader title="Create an account">We will list what to do to get you started.</PageHeader>
      <Card>
        <SignUpForm callbackUrl={callbackUrl || undefined} />
      </Card>
      <p className="mt-4 text-center text-sm text-slate-600">
        Already have an account?{" "}
        <Link
          href={callbackUrl ? `/signin?callbackUrl=${encodeURIComponent(callbackUrl)}` : "/signin"}
          className="font-medium text-indigo-700 underline underline-offset-2"
        >
          Sign in
        </Link>
      </p>
    </div>
  );
}
