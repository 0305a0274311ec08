"use client";

import { useActionState } from "react";
import { createWebhookEndpointAction } from "@/app/(admin)/admin/webhooks/actions";
import { useFocusFirstError } from "@/components/auth/use-focus-first-error";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/text-field";
import type { ActionResult } from "@/lib/validation/action-result";
import { WEBHOOK_EVENT_TYPES, type WebhookEventType } from "@/lib/webhooks/webhook-event-types";

type Created = { id: string; url: string; secret: string };

async function submit(_previous: ActionResult<Created> | null, formData: FormData): Promise<ActionResult<Created>> {
  const description = String(formData.get("description") ?? "");
  return createWebhookEndpointAction({
    url: String(formData.get("url") ?? ""),
    eventTypes: formData.getAll("eventTypes").map(String) as WebhookEventType[],
    ...(description ? { description } : {}),
  });
}

/** Registers an endpoint and shows its signing secret once. */
export function WebhookEndpointForm() {
  const [state, action, pending] = useActionState(submit, null);
  const formRef = useFocusFirstError(state && !state.ok ? state : null);
  const errors = state && !state.ok ? state.error.fieldErrors : undefined;
  return (
    <form ref={formRef} action={action} noValidate className="flex flex-col gap-4">
      {state && (
        <div tabIndex={-1} data-form-error>
          {state.ok ? (
            <Alert tone="success" title="Endpoint registered">
              <p>Its signing secret, shown only this once:</p>
              <code className="mt-2 block rounded bg-white p-2 font-mono text-sm break-all text-slate-900">{state.data.secret}</code>
            </Alert>
          ) : (
            <Alert tone="error">{state.error.message}</Alert>
          )}
        </div>
      )}
      <TextField
        name="url"
        type="url"
        label="URL"
        hint="Where events are POSTed, e.g. https://billing.example.com/hooks."
        required
        errors={errors?.url}
      />
      <fieldset className="flex flex-col gap-1">
        <legend className="text-sm font-medium text-slate-800">Events</legend>
        {WEBHOOK_EVENT_TYPES.map((type) => (
          <label key={type} className="flex min-h-11 items-center gap-2 text-sm text-slate-800">
            <input type="checkbox" name="eventTypes" value={type} defaultChecked={type === "job.completed"} className="size-4" />
            <code>{type}</code>
          </label>
        ))}
        {errors?.eventTypes && <p className="text-sm text-red-700">{errors.eventTypes.join(" ")}</p>}
      </fieldset>
      <TextField name="description" label="Description (optional)" maxLength={500} errors={errors?.description} />
      <Button type="submit" pending={pending} pendingLabel="Registering…" className="self-start">
        Register endpoint
      </Button>
    </form>
  );
}
