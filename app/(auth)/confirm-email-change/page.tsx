import type { Metadata } from "next";
import Link from "next/link";
import { ConfirmEmailChangeForm } from "@/components/auth/confirm-email-change-form";
import { Alert } from "@/components/ui/alert";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";

export const metadata: Metadata = { title: "Confirm your new email address" };

interface ConfirmEmailChangePageProps {
  searchParams: Promise<{ token?: string | string[] }>;
}

/**
 * Where the link sent to a new address lands, signed in or not. Opening it
 * changes nothing (mail scanners open links too); the form posts the token
 * with the account's password.
 */
export default async function ConfirmEmailChangePage({ searchParams }: ConfirmEmailChangePageProps) {
  const { token } = await searchParams;
  return (
    <div className="mx-auto w-full max-w-md">
      <PageHeader title="Confirm your new email address">
        Enter your password to make this your account&apos;s address. Every device signed in to your account will be signed out.
      </PageHeader>
      <Card className="flex flex-col gap-4">
        {typeof token === "string" && token ? (
          <ConfirmEmailChangeForm token={token} />
        ) : (
          <Alert tone="error" title="This link is incomplete">
            Open the link from the email again, or{" "}
            <Link href="/settings/account" className="font-medium underline underline-offset-2">
              ask for a new one
            </Link>
            .
          </Alert>
        )}
      </Card>
    </div>
  );
}
