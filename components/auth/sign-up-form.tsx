"use client";

import { useActionState } from "react";
import { signUpAction } from "@/app/(auth)/actions";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/text-field";
import { PASSWORD_MIN_LENGTH } from "@/lib/validation/auth";
import { useFocusFirstError } from "./use-focus-first-error";

export function SignUpForm() {
  const [state, action, pending] = useActionState(signUpAction, null);
  const formRef = useFocusFirstError(state);
  const errors = state?.error.fieldErrors;

  return (
    <form ref={formRef} action={action} noValidate className="flex flex-col gap-4">
      {state && (
        <div tabIndex={-1} data-form-error>
          <Alert tone="error">{state.error.message}</Alert>
        </div>
      )}
      <TextField name="name" label="Name" autoComplete="name" required defaultValue={state?.values.name} errors={errors?.name} />
      <TextField name="email" type="email" label="Email" autoComplete="email" required defaultValue={state?.values.email} errors={errors?.email} />
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
