"use client";

import { useActionState } from "react";
import { saveCompanyDetailsAction } from "@/app/(user)/team/actions";
import { useFocusFirstError } from "@/components/auth/use-focus-first-error";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/text-field";
import type { CompanyDetailsValues } from "@/lib/validation/organisations";

/** The team's name and company details; only owners and admins get this form (the server checks again). */
export function CompanyDetailsForm({ initial }: { initial: CompanyDetailsValues }) {
  const [state, action, pending] = useActionState(saveCompanyDetailsAction, null);
  const formRef = useFocusFirstError(state?.result.ok === false ? state : null);
  const result = state?.result;
  const values = state?.values ?? initial;
  const errors = result?.ok === false ? result.error.fieldErrors : undefined;

  return (
    <form ref={formRef} action={action} noValidate className="flex flex-col gap-4">
      {result?.ok === false && (
        <div tabIndex={-1} data-form-error>
          <Alert tone="error">{result.error.message}</Alert>
        </div>
      )}
      {result?.ok && <Alert tone="success">Saved the details of {result.data.name}.</Alert>}
      <TextField name="name" label="Team name" autoComplete="organization" required defaultValue={values.name} errors={errors?.name} />
      <TextField
        name="website"
        type="url"
        label="Website"
        autoComplete="url"
        required
        placeholder="https://example.com"
        defaultValue={values.website}
        errors={errors?.website}
      />
      <TextField name="industry" label="Industry" required defaultValue={values.industry} errors={errors?.industry} />
      <Button type="submit" pending={pending} pendingLabel="Saving…" className="self-start">
        Save details
      </Button>
    </form>
  );
}
