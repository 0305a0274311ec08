"use client";

import { useId, useState } from "react";
import { deleteQueueViewAction, updateQueueViewAction } from "@/app/(staff)/staff/saved-views/actions";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { SAVED_VIEW_NAME_MAX } from "@/lib/validation/saved-views";
import { useStaffAction } from "./use-staff-action";

/**
 * What the owner of a saved view may do with it on the overview: rename it,
 * share it with all staff or make it private, delete it (asked twice). The
 * server checks ownership again; the page comes back refreshed.
 */
export function SavedViewOwnerActions({ id, name, shared }: { id: string; name: string; shared: boolean }) {
  const { pending, error, run, clearError } = useStaffAction();
  const [mode, setMode] = useState<"idle" | "rename" | "delete">("idle");
  const fieldId = useId();
  const nameErrors = error?.fieldErrors?.name;

  const close = () => {
    setMode("idle");
    clearError();
  };

  return (
    <div className="flex w-full flex-col gap-2 sm:w-auto">
      {mode === "idle" && (
        <div className="flex flex-wrap gap-2">
          <Button size="sm" variant="secondary" onClick={() => setMode("rename")}>
            Rename<span className="sr-only"> {name}</span>
          </Button>
          <Button
            size="sm"
            variant="secondary"
            pending={pending}
            pendingLabel="Saving…"
            onClick={() => run(() => updateQueueViewAction({ id, name, shared: !shared }))}
          >
            {shared ? "Make private" : "Share with all staff"}
            <span className="sr-only">: {name}</span>
          </Button>
          <Button size="sm" variant="ghost" onClick={() => setMode("delete")}>
            Delete<span className="sr-only"> {name}</span>
          </Button>
        </div>
      )}
      {mode === "rename" && (
        <form
          className="flex flex-wrap items-end gap-2"
          onSubmit={(event) => {
            event.preventDefault();
            const next = new FormData(event.currentTarget).get("name");
            run(() => updateQueueViewAction({ id, name: typeof next === "string" ? next : "", shared }), close);
          }}
        >
          <div className="flex flex-col gap-1">
            <label htmlFor={fieldId} className="text-sm font-medium text-slate-800">
              New name for {name}
            </label>
            <input
              id={fieldId}
              name="name"
              defaultValue={name}
              required
              maxLength={SAVED_VIEW_NAME_MAX}
              autoFocus
              aria-invalid={nameErrors ? true : undefined}
              aria-describedby={nameErrors ? `${fieldId}-error` : undefined}
              className="min-h-9 rounded-md border border-slate-300 px-3 text-base text-slate-900 shadow-sm"
            />
          </div>
          <Button size="sm" type="submit" pending={pending} pendingLabel="Saving…">
            Save name
          </Button>
          <Button size="sm" variant="secondary" onClick={close} disabled={pending}>
            Cancel
          </Button>
          {nameErrors && (
            <p id={`${fieldId}-error`} role="alert" className="w-full text-sm text-red-700">
              {nameErrors.join(" ")}
            </p>
          )}
        </form>
      )}
      {mode === "delete" && (
        <div role="group" aria-label={`Delete ${name}?`} className="flex flex-wrap items-center gap-2">
          <span className="text-sm text-slate-800">{shared ? `Delete “${name}” for everyone who sees it?` : `Delete “${name}”?`}</span>
          <Button
            size="sm"
            variant="danger"
            pending={pending}
            pendingLabel="Deleting…"
            onClick={() => run(() => deleteQueueViewAction({ id }), close)}
          >
            Delete view
          </Button>
          <Button size="sm" variant="secondary" onClick={close} disabled={pending}>
            Keep it
          </Button>
        </div>
      )}
      {error && !nameErrors && <Alert tone="error">{error.message}</Alert>}
    </div>
  );
}
