"use client";

import { useActionState } from "react";
import { createApiKeyAction } from "@/app/(admin)/admin/api-keys/actions";
import { useFocusFirstError } from "@/components/auth/use-focus-first-error";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/text-field";
import { API_SCOPE_LABELS, API_SCOPES } from "@/lib/api/api-scopes";
import type { ActionResult } from "@/lib/validation/action-result";

type Created = { id: string; name: string; prefix: string; key: string };

async function submit(_previous: ActionResult<Created> | null, formData: FormData): Promise<ActionResult<Created>> {
  return createApiKeyAction({
    name: String(formData.get("name") ?? ""),
    scopes: formData.getAll("scopes").map(String) as (typeof API_SCOPES)[number][],
    expiresAt: String(formData.get("expiresAt") ?? ""),
  });
}

/** Creates a key and shows its secret once: it is stored hashed and never readable again. */
export function ApiKeyForm() {
  const [state, action, pending] = useActionState(submit, null);
  const formRef = useFocusFirstError(state && !state.ok ? state : null);
  const errors = state && !state.ok ? state.error.fieldErrors : undefined;

  return (
    <form ref={formRef} action={action} noValidate className="flex flex-col gap-4">
      {state && (
        <div tabIndex={-1} data-form-error>
          {state.ok ? (
            <Alert tone="success" title={`Key "${state.data.name}" created`}>
              <p>Copy it now: it is shown only this once.</p>
              <code data-testid="new-api-key" className="mt-2 block rounded bg-white p-2 font-mono text-sm break-all text-slate-900">
                {state.data.key}
              </code>
            </Alert>
          ) : (
            <Alert tone="error">{state.error.message}</Alert>
          )}
        </div>
      )}
      <TextField name="name" label="Name" hint="Which service uses it, e.g. billing." required maxLength={100} errors={errors?.name} />
      <fieldset className="flex flex-col gap-2" aria-describedby={errors?.scopes ? "scopes-error" : undefined}>
        <legend className="text-sm font-medium text-slate-800">Scopes</legend>
        {API_SCOPES.map((scope) => (
          <label key={scope} className="flex min-h-11 items-center gap-2 text-sm text-slate-800">
            <input type="checkbox" name="scopes" value={scope} defaultChecked={scope !== "webhooks:manage"} className="size-4" />
            <code>{scope}</code> <span className="text-slate-600">{API_SCOPE_LABELS[scope]}</span>
          </label>
        ))}
        {errors?.scopes && (
          <p id="scopes-error" className="text-sm text-red-700">
            {errors.scopes.join(" ")}
          </p>
        )}
      </fieldset>
      <TextField
        name="expiresAt"
        type="date"
        label="Expires (optional)"
        hint="Leave blank for a key that does not expire."
        errors={errors?.expiresAt}
      />
      <Button type="submit" pending={pending} pendingLabel="Creating…" className="self-start">
        Create key
      </Button>
    </form>
  );
}
