"use client";

import { useActionState } from "react";
import { requestPasswordResetAction } from "@/app/(auth)/actions";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/text-field";
import { useFocusFirstError } from "./use-focus-first-error";

export function RequestPasswordResetForm() {
  const [state, action, pending] = useActionState(requestPasswordResetAction, null);
  const formRef = useFocusFirstError(state && !state.ok ? state : null);
  const errors = state && !state.ok ? state.error.fieldErrors : undefined;

  return (
    <form ref={formRef} action={action} noValidate className="flex flex-col gap-4">
      {state && (
        <div tabIndex={-1} data-form-error>
          {state.ok ? (
            <Alert tone="success" title="Check your inbox">
              {state.message}
            </Alert>
          ) : (
            <Alert tone="error">{state.error.message}</Alert>
          )}
        </div>
      )}
      <TextField
        name="email"
        type="email"
        label="Email"
        autoComplete="email"
        inputMode="email"
        required
        defaultValue={state?.values?.email}
        errors={errors?.email}
      />
      <Button type="submit" pending={pending} pendingLabel="Sending…" className="w-full">
        Email me a reset link
      </Button>
    </form>
  );
}
