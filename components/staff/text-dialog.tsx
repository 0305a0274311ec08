"use client";

import { useEffect, useId, useRef, type FormEvent } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import type { ActionError } from "@/lib/validation/action-result";

export interface TextDialogProps {
  open: boolean;
  title: string;
  /** One line on what happens, e.g. which job(s) it applies to. */
  description: string;
  /** The text field's label: "Resolution note", "Reason". */
  label: string;
  /** The field's name in the action's input, to show its field error. */
  field: string;
  required?: boolean;
  submitLabel: string;
  pendingLabel: string;
  pending: boolean;
  error: ActionError | null;
  onSubmit: (text: string) => void;
  /** Called when the dialog closes without submitting (Escape, Cancel). */
  onClose: () => void;
  tone?: "primary" | "danger";
}

/**
 * A modal asking for one piece of text (a resolution note, a dismissal
 * reason). The native <dialog> with showModal() keeps focus inside, closes on
 * Escape, and hands focus back to what opened it.
 */
export function TextDialog({
  open,
  title,
  description,
  label,
  field,
  required = false,
  submitLabel,
  pendingLabel,
  pending,
  error,
  onSubmit,
  onClose,
  tone = "primary",
}: TextDialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const id = useId();
  const fieldErrors = error?.fieldErrors?.[field];

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const text = new FormData(event.currentTarget).get("text");
    onSubmit(typeof text === "string" ? text : "");
  }

  return (
    <dialog
      ref={ref}
      aria-labelledby={`${id}-title`}
      aria-describedby={`${id}-description`}
      onClose={onClose}
      className="m-auto w-[min(32rem,calc(100vw-2rem))] rounded-lg border border-slate-200 bg-white p-0 shadow-xl backdrop:bg-slate-900/40"
    >
      {open && (
        <form onSubmit={submit} className="flex flex-col gap-4 p-5">
          <h2 id={`${id}-title`} className="text-lg font-semibold text-slate-900">
            {title}
          </h2>
          <p id={`${id}-description`} className="text-sm text-slate-600">
            {description}
          </p>
          {error && !fieldErrors && <Alert tone="error">{error.message}</Alert>}
          <div className="flex flex-col gap-1">
            <label htmlFor={`${id}-text`} className="text-sm font-medium text-slate-800">
              {label}
              {!required && <span className="font-normal text-slate-600"> (optional)</span>}
            </label>
            <textarea
              id={`${id}-text`}
              name="text"
              rows={3}
              required={required}
              maxLength={2000}
              autoFocus
              aria-invalid={fieldErrors ? true : undefined}
              aria-describedby={fieldErrors ? `${id}-error` : undefined}
              className="rounded-md border border-slate-300 px-3 py-2 text-base text-slate-900 shadow-sm"
            />
            {fieldErrors && (
              <p id={`${id}-error`} role="alert" className="text-sm text-red-700">
                {fieldErrors.join(" ")}
              </p>
            )}
          </div>
          <div className="flex flex-wrap justify-end gap-2">
            <Button variant="secondary" onClick={() => ref.current?.close()} disabled={pending}>
              Cancel
            </Button>
            <Button type="submit" variant={tone} pending={pending} pendingLabel={pendingLabel}>
              {submitLabel}
            </Button>
          </div>
        </form>
      )}
    </dialog>
  );
}
