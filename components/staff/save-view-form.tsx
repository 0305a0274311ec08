"use client";

import Link from "next/link";
import { useId, useState } from "react";
import { saveQueueViewAction } from "@/app/(staff)/staff/saved-views/actions";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { SAVED_VIEW_NAME_MAX } from "@/lib/validation/saved-views";
import { useStaffAction } from "./use-staff-action";

export interface SaveViewFormProps {
  jobType: string;
  /** The queue page's current filters and sort, without defaults or cursor (what the view will open). */
  params: Record<string, string>;
}

/**
 * "Save view" on a queue page: keeps its current filters and sort under a
 * name, for oneself or shared with all staff; the view then shows with its
 * count on the staff overview.
 */
export function SaveViewForm({ jobType, params }: SaveViewFormProps) {
  const { pending, error, run, clearError } = useStaffAction();
  const [open, setOpen] = useState(false);
  const [saved, setSaved] = useState<string | null>(null);
  const id = useId();
  const nameErrors = error?.fieldErrors?.name;

  if (!open) {
    return (
      <div className="flex flex-wrap items-center gap-3">
        <Button
          size="sm"
          variant="secondary"
          aria-expanded={false}
          onClick={() => {
            setOpen(true);
            setSaved(null);
          }}
        >
          Save view
        </Button>
        {saved && (
          <p role="status" className="text-sm text-emerald-800">
            Saved “{saved}”.{" "}
            <Link href="/staff" className="font-medium underline underline-offset-2">
              See it on the staff overview
            </Link>
          </p>
        )}
      </div>
    );
  }

  return (
    <form
      aria-label="Save this view"
      className="flex flex-wrap items-end gap-3 rounded-lg border border-slate-200 bg-white p-3"
      onSubmit={(event) => {
        event.preventDefault();
        const form = new FormData(event.currentTarget);
        const name = String(form.get("name") ?? "");
        run(
          () => saveQueueViewAction({ name, shared: form.get("shared") === "on", jobType, filters: params }),
          () => {
            setSaved(name.trim());
            setOpen(false);
          },
        );
      }}
    >
      <div className="flex flex-col gap-1">
        <label htmlFor={`${id}-name`} className="text-sm font-medium text-slate-800">
          View name
        </label>
        <input
          id={`${id}-name`}
          name="name"
          required
          maxLength={SAVED_VIEW_NAME_MAX}
          autoFocus
          aria-invalid={nameErrors ? true : undefined}
          aria-describedby={nameErrors ? `${id}-error` : undefined}
          className="min-h-11 rounded-md border border-slate-300 px-3 text-base text-slate-900 shadow-sm"
        />
      </div>
      <label className="flex min-h-11 items-center gap-2 text-sm text-slate-800">
        <input type="checkbox" name="shared" className="size-4" />
        Share with all staff
      </label>
      <div className="flex gap-2">
        <Button type="submit" pending={pending} pendingLabel="Saving…">
          Save view
        </Button>
        <Button
          variant="secondary"
          disabled={pending}
          onClick={() => {
            setOpen(false);
            clearError();
          }}
        >
          Cancel
        </Button>
      </div>
      {nameErrors && (
        <p id={`${id}-error`} role="alert" className="w-full text-sm text-red-700">
          {nameErrors.join(" ")}
        </p>
      )}
      {error && !nameErrors && (
        <Alert tone="error" className="w-full">
          {error.message}
        </Alert>
      )}
    </form>
  );
}
