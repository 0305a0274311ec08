"use client";

import { useActionState } from "react";
import { signUpAction } from "@/app/(auth)/actions";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/text-field";
import Link from "next/link";
import { PASSWORD_MIN_LENGTH } from "@/lib/validation/auth";
import { useFocusFirstError } from "./use-focus-first-error";

/** `callbackUrl`: where signing in afterwards should bring the person back to (an invitation's page), if anywhere. */
export function SignUpForm({ callbackUrl }: { callbackUrl?: string } = {}) {
  const [state, action, pending] = useActionState(signUpAction, null);
  const formRef = useFocusFirstError(state);
  const failed = state && "error" in state ? state : null;
  const errors = failed?.error.fieldErrors;

  if (state && "done" in state) {
    // The same words whether the address was new or already had an account.
    return (
      <div className="flex flex-col gap-4">
        <Alert tone="success" title="Check your inbox">
          We sent an email to {state.email}. If the account is new, it asks you to confirm the address; you can sign in right away.
        </Alert>
        <Link
          href={callbackUrl ? `/signin?callbackUrl=${encodeURIComponent(callbackUrl)}` : "/signin"}
          className="inline-flex min-h-11 items-center justify-center rounded-md bg-indigo-600 px-4 text-sm font-medium text-white hover:bg-indigo-700"
        >
          Sign in
        </Link>
      </div>
    );
  }

  return (
    <form ref={formRef} action={action} noValidate className="flex flex-col gap-4">
      {failed && (
        <div tabIndex={-1} data-form-error>
          <Alert tone="error">{failed.error.message}</Alert>
        </div>
      )}
      <TextField name="name" label="Name" autoComplete="name" required defaultValue={failed?.values.name} errors={errors?.name} />
      <TextField
        name="email"
        type="email"
        label="Email"
        autoComplete="email"
        required
        defaultValue={failed?.values.email}
        errors={errors?.email}
      />
      <TextField
        name="password"
        type="password"
        label="Password"
        hint={`At least ${PASSWORD_MIN_LENGTH} characters.`}
        autoComplete="new-password"
        required
        minLength={PASSWORD_MIN_LENGTH}
        errors={errors?.password}
      />
      <Button type="submit" pending={pending} pendingLabel="Creating your account…" className="w-full">
        Create account
      </Button>
    </form>
  );
}
