"use client";

import { useActionState } from "react";
import { requestEmailChangeAction } from "@/app/(user)/settings/account/actions";
import { useFocusFirstError } from "@/components/auth/use-focus-first-error";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/text-field";

export interface ChangeEmailFormProps {
  /** The address the account has now. */
  email: string;
  /** A change waiting for its link to be opened, if any. */
  waiting: { newEmail: string; expiresAt: string | null } | null;
  /** Just changed (the link's page sent the person here). */
  changed: boolean;
}

export function ChangeEmailForm({ email, waiting, changed }: ChangeEmailFormProps) {
  const [state, action, pending] = useActionState(requestEmailChangeAction, null);
  const formRef = useFocusFirstError(state && !state.ok ? state : null);
  const errors = state && !state.ok ? state.error.fieldErrors : undefined;

  return (
    <form ref={formRef} action={action} noValidate className="flex flex-col gap-4">
      {changed && !state && <Alert tone="success">Your email address is now {email}. Every other device was signed out.</Alert>}
      {state && (
        <div tabIndex={-1} data-form-error>
          {state.ok ? (
            <Alert tone="success" title="Check the new inbox">
              {state.message}
            </Alert>
          ) : (
            <Alert tone="error">{state.error.message}</Alert>
          )}
        </div>
      )}
      {waiting && !state?.ok && (
        <Alert tone="info" live={false}>
          We sent a link to <span className="font-medium">{waiting.newEmail}</span>
          {waiting.expiresAt && (
            <>
              {" "}
              that works until <time dateTime={waiting.expiresAt}>{new Date(waiting.expiresAt).toUTCString()}</time>
            </>
          )}
          . Asking again replaces it.
        </Alert>
      )}
      <p className="text-sm text-slate-700">
        Your address is <span className="font-medium text-slate-900">{email}</span>. We email a link to the new address; the change happens
        when you open it there.
      </p>
      <TextField
        name="newEmail"
        type="email"
        label="New email address"
        autoComplete="email"
        inputMode="email"
        required
        defaultValue={state && !state.ok ? state.values?.email : undefined}
        errors={errors?.newEmail}
      />
      <TextField
        id="change-email-password"
        name="currentPassword"
        type="password"
        label="Your password"
        hint="To make sure it is you."
        autoComplete="current-password"
        required
        errors={errors?.currentPassword}
      />
      <Button type="submit" pending={pending} pendingLabel="Sending…" className="self-start">
        Email me a link
      </Button>
    </form>
  );
}
