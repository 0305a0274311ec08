"use client";

import Link from "next/link";
import { useActionState } from "react";
import { resetPasswordAction } from "@/app/(auth)/actions";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/text-field";
import { PASSWORD_MIN_LENGTH } from "@/lib/validation/auth";
import { useFocusFirstError } from "./use-focus-first-error";

export function ResetPasswordForm({ token }: { token: string }) {
  const [state, action, pending] = useActionState(resetPasswordAction, null);
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
              {state.error.code === "not_found" && (
                <>
                  {" "}
                  <Link href="/reset-password" className="font-medium underline underline-offset-2">
                    Ask for a new link
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
        label="New password"
        hint={`At least ${PASSWORD_MIN_LENGTH} characters.`}
        autoComplete="new-password"
        required
        minLength={PASSWORD_MIN_LENGTH}
        errors={errors?.password}
      />
      <Button type="submit" pending={pending} pendingLabel="Saving…" className="w-full">
        Set new password
      </Button>
    </form>
  );
}
