"use client";

import Link from "next/link";
import { useActionState } from "react";
import { saveProfileAction } from "@/app/(user)/profile/actions";
import { useFocusFirstError } from "@/components/auth/use-focus-first-error";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/text-field";
import type { ProfileValues } from "@/lib/validation/profile";

/** Name, company and job title. Saving all three completes "Complete your profile" by itself. */
export function ProfileForm({ saved }: { saved: ProfileValues }) {
  const [state, action, pending] = useActionState(saveProfileAction, null);
  const formRef = useFocusFirstError(state?.result.ok === false ? state : null);
  const values = state?.values ?? saved;
  const errors = state?.result.ok === false ? state.result.error.fieldErrors : undefined;

  return (
    <form ref={formRef} action={action} noValidate className="flex flex-col gap-4">
      {state?.result.ok === false && (
        <div tabIndex={-1} data-form-error>
          <Alert tone="error">{state.result.error.message}</Alert>
        </div>
      )}
      {state?.result.ok && (
        <Alert tone="success" title="Profile saved">
          Thank you: your profile is complete.{" "}
          <Link href="/todo" className="font-medium underline underline-offset-2">
            Back to my jobs
          </Link>
        </Alert>
      )}
      <TextField name="name" label="Name" autoComplete="name" required maxLength={100} defaultValue={values.name} errors={errors?.name} />
      <TextField
        name="company"
        label="Company"
        autoComplete="organization"
        required
        maxLength={120}
        defaultValue={values.company}
        errors={errors?.company}
      />
      <TextField
        name="jobTitle"
        label="Job title"
        autoComplete="organization-title"
        required
        maxLength={120}
        defaultValue={values.jobTitle}
        errors={errors?.jobTitle}
      />
      <Button type="submit" pending={pending} pendingLabel="Saving…" className="self-start">
        Save profile
      </Button>
    </form>
  );
}
