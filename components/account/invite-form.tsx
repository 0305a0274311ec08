"use client";

import { useActionState } from "react";
import { sendInviteAction } from "@/app/(user)/team/actions";
import { useFocusFirstError } from "@/components/auth/use-focus-first-error";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/text-field";

/** Invites a teammate by email. Delivery happens next, by the worker: the list beside it shows the outcome. */
export function InviteForm() {
  const [state, action, pending] = useActionState(sendInviteAction, null);
  const formRef = useFocusFirstError(state?.result.ok === false ? state : null);
  const result = state?.result;

  return (
    <form ref={formRef} action={action} noValidate className="flex flex-col gap-4">
      {result?.ok === false && (
        <div tabIndex={-1} data-form-error>
          <Alert tone="error">{result.error.message}</Alert>
        </div>
      )}
      {result?.ok && (
        <Alert tone="success">
          Invitation on its way to {result.data.email}. The list shows when their mail server accepts it, or if it bounces.
        </Alert>
      )}
      <TextField
        name="email"
        type="email"
        label="Teammate's email"
        autoComplete="off"
        required
        defaultValue={state?.values.email}
        errors={result?.ok === false ? result.error.fieldErrors?.email : undefined}
      />
      <Button type="submit" pending={pending} pendingLabel="Sending…" className="self-start">
        Send invitation
      </Button>
    </form>
  );
}
