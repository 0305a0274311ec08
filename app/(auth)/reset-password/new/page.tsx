import type { Metadata } from "next";
import Link from "next/link";
import { ResetPasswordForm } from "@/components/auth/reset-password-form";
import { Alert } from "@/components/ui/alert";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";

export const metadata: Metadata = { title: "Choose a new password" };

interface ResetPasswordPageProps {
  searchParams: Promise<{ token?: string | string[] }>;
}

/**
 * Where the emailed reset link lands. Opening it changes nothing (mail
 * scanners open links too); the form posts the token with the new password.
 */
export default async function ResetPasswordPage({ searchParams }: ResetPasswordPageProps) {
  const { token } = await searchParams;
  return (
    <div className="mx-auto w-full max-w-md">
      <PageHeader title="Choose a new password">Every device signed in to your account will be signed out.</PageHeader>
      <Card className="flex flex-col gap-4">
        {typeof token === "string" && token ? (
          <ResetPasswordForm token={token} />
        ) : (
          <Alert tone="error" title="This link is incomplete">
            Open the link from the email again, or{" "}
            <Link href="/reset-password" className="font-medium underline underline-offset-2">
              ask for a new one
            </Link>
            .
          </Alert>
        )}
      </Card>
    </div>
  );
}
