"use client";

import { useActionState } from "react";
import { sendInviteAction } from "@/app/(user)/team/actions";
import { useFocusFirstError } from "@/components/auth/use-focus-first-error";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/text-field";
import type { InviteFormState } from "@/lib/validation/invites";

/** Invites a teammate by email. A bounce is told plainly: the invite did not arrive and our staff know. */
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
      {result?.ok && result.data.status === "bounced" && (
        <Alert tone="error" title="The invitation bounced">
          We could not deliver it to {result.data.email}: that address does not receive mail. Check it with your teammate; our staff have been told
          and will look into it too.
        </Alert>
      )}
      {result?.ok && result.data.status !== "bounced" && <Alert tone="success">Invitation sent to {result.data.email}.</Alert>}
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
