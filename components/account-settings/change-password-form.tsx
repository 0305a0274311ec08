"use client";

import { useActionState } from "react";
import { changePasswordAction } from "@/app/(user)/settings/account/actions";
import { useFocusFirstError } from "@/components/auth/use-focus-first-error";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/text-field";
import { PASSWORD_MIN_LENGTH } from "@/lib/validation/auth";

export function ChangePasswordForm({ changed }: { changed: boolean }) {
  const [state, action, pending] = useActionState(changePasswordAction, null);
  const formRef = useFocusFirstError(state && !state.ok ? state : null);
  const errors = state && !state.ok ? state.error.fieldErrors : undefined;

  return (
    <form ref={formRef} action={action} noValidate className="flex flex-col gap-4">
      {changed && !state && <Alert tone="success">Your password is changed. Every other device was signed out.</Alert>}
      {state && (
        <div tabIndex={-1} data-form-error>
          {state.ok ? <Alert tone="success">{state.message}</Alert> : <Alert tone="error">{state.error.message}</Alert>}
        </div>
      )}
      <TextField
        name="currentPassword"
        type="password"
        label="Current password"
        autoComplete="current-password"
        required
        errors={errors?.currentPassword}
      />
      <TextField
        name="newPassword"
        type="password"
        label="New password"
        hint={`At least ${PASSWORD_MIN_LENGTH} characters. Every other device signed in to your account will be signed out.`}
        autoComplete="new-password"
        required
        minLength={PASSWORD_MIN_LENGTH}
        errors={errors?.newPassword}
      />
      <Button type="submit" pending={pending} pendingLabel="Changing…" className="self-start">
        Change password
      </Button>
    </form>
  );
}
