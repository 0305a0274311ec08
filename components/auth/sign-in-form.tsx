"use client";

import Link from "next/link";
import { useActionState } from "react";
import { signInAction } from "@/app/(auth)/actions";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/text-field";
import { useFocusFirstError } from "./use-focus-first-error";

export function SignInForm({ callbackUrl }: { callbackUrl: string }) {
  const [state, action, pending] = useActionState(signInAction, null);
  const formRef = useFocusFirstError(state);
  const failed = state && "error" in state ? state : null;
  const errors = failed?.error.fieldErrors;

  return (
    <form ref={formRef} action={action} noValidate className="flex flex-col gap-4">
      <input type="hidden" name="callbackUrl" value={callbackUrl} />
      {failed && (
        <div tabIndex={-1} data-form-error>
          <Alert tone="error">
            {failed.error.message}
            {failed.error.code === "rate_limited" && (
              <>
                {" "}
                <Link href="/reset-password" className="font-medium underline underline-offset-2">
                  Email me a reset link
                </Link>
              </>
            )}
          </Alert>
        </div>
      )}
      <TextField
        name="email"
        type="email"
        label="Email"
        autoComplete="email"
        required
        defaultValue={failed?.values.email}
        errors={errors?.email}
      />
      <TextField name="password" type="password" label="Password" autoComplete="current-password" required errors={errors?.password} />
      <Button type="submit" pending={pending} pendingLabel="Signing in…" className="w-full">
        Sign in
      </Button>
    </form>
  );
}
