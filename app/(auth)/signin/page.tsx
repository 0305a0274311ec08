import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { SignInForm } from "@/components/auth/sign-in-form";
import { Alert } from "@/components/ui/alert";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { getActor } from "@/lib/server/session";
import { safeCallbackUrl } from "@/lib/validation/auth";

export const metadata: Metadata = { title: "Sign in" };

interface SignInPageProps {
  searchParams: Promise<{ callbackUrl?: string | string[]; error?: string | string[]; code?: string | string[] }>;
}

export default async function SignInPage({ searchParams }: SignInPageProps) {
  const { callbackUrl: rawCallbackUrl, error, code } = await searchParams;
  const callbackUrl = safeCallbackUrl(rawCallbackUrl);
  if (await getActor()) redirect(callbackUrl);

  return (
    <div className="mx-auto w-full max-w-md">
      <PageHeader title="Sign in">Welcome back. Your jobs are waiting.</PageHeader>
      <Card className="flex flex-col gap-4">
        {/* Auth.js sends people here with ?error=… when a sign-in it handled itself failed. */}
        {error && (
          <Alert tone="error">
            {code === "too_many_attempts"
              ? "Too many wrong passwords. To keep the account safe, signing in with a password is paused for a while: try again in 15 minutes, or reset your password by email now."
              : "Signing in did not work. Check your email and password and try again."}
          </Alert>
        )}
        <SignInForm callbackUrl={callbackUrl} />
        <Link href="/reset-password" className="self-start text-sm font-medium text-indigo-700 underline underline-offset-2">
          Forgot your password?
        </Link>
      </Card>
      <p className="mt-4 text-center text-sm text-slate-600">
        New here?{" "}
        <Link href="/signup" className="font-medium text-indigo-700 underline underline-offset-2">
          Create an account
        </Link>
      </p>
    </div>
  );
}
