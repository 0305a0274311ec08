import type { Metadata } from "next";
import Link from "next/link";
import { RequestPasswordResetForm } from "@/components/auth/request-password-reset-form";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";

export const metadata: Metadata = { title: "Reset your password" };

export default function RequestPasswordResetPage() {
  return (
    <div className="mx-auto w-full max-w-md">
      <PageHeader title="Reset your password">
        We email you a link to choose a new one. It works even while signing in is paused.
      </PageHeader>
      <Card>
        <RequestPasswordResetForm />
      </Card>
      <p className="mt-4 text-center text-sm text-slate-600">
        Remembered it?{" "}
        <Link href="/signin" className="font-medium text-indigo-700 underline underline-offset-2">
          Sign in
        </Link>
      </p>
    </div>
  );
}
