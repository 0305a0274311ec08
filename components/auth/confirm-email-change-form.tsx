"use client";

import Link from "next/link";
import { useActionState } from "react";
import { confirmEmailChangeAction } from "@/app/(auth)/actions";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/text-field";
import { useFocusFirstError } from "./use-focus-first-error";

export function ConfirmEmailChangeForm({ token }: { token: string }) {
  const [state, action, pending] = useActionState(confirmEmailChangeAction, null);
  const formRef = useFocusFirstError(state && !state.ok ? state : null);
  const errors = state && !state.ok ? state.error.fieldErrors : undefined;

  return (
    <form ref={formRef} action={action} noValidate className="flex flex-col gap-4">
      <input type="hidden" name="token" value={token} />
      {state && (
        <div tabIndex={-1} data-form-error>
          {state.ok ? (
            <Alert tone="success">{state.message}</Alert>
          ) : (
            <Alert tone="error">
              {state.error.message}
              {(state.error.code === "not_found" || state.error.code === "conflict") && (
                <>
                  {" "}
                  <Link href="/settings/account" className="font-medium underline underline-offset-2">
                    Go to your account page
                  </Link>
                </>
              )}
            </Alert>
          )}
        </div>
      )}
      <TextField
        name="password"
        type="password"
        label="Password"
        hint="The password of the account whose address changes."
        autoComplete="current-password"
        required
        errors={errors?.password}
      />
      <Button type="submit" pending={pending} pendingLabel="Changing…" className="w-full">
        Use this address
      </Button>
    </form>
  );
}
