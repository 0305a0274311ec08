"use client";

import { useEffect, useRef, useState, type KeyboardEvent } from "react";
import { Button } from "@/components/ui/button";
import { TextAreaField } from "@/components/ui/text-field";

export interface DismissJobFormProps {
  id: string;
  title: string;
  onDismiss: (reason: string | undefined) => void;
  onCancel: () => void;
}

/** Asks for an optional reason before dismissing a job. Opens with focus in the reason; Escape or "Keep it" closes it. */
export function DismissJobForm({ id, title, onDismiss, onCancel }: DismissJobFormProps) {
  const [reason, setReason] = useState("");
  const reasonRef = useRef<HTMLTextAreaElement>(null);

  useEffect(() => {
    reasonRef.current?.focus();
  }, []);

  function closeOnEscape(event: KeyboardEvent) {
    if (event.key === "Escape") {
      event.stopPropagation();
      onCancel();
    }
  }

  return (
    <form
      id={id}
      aria-label={`Dismiss “${title}”`}
      onKeyDown={closeOnEscape}
      onSubmit={(event) => {
        event.preventDefault();
        onDismiss(reason.trim() || undefined);
      }}
      className="mt-3 flex flex-col gap-2 rounded-md border border-slate-200 bg-slate-50 p-3"
    >
      <TextAreaField
        ref={reasonRef}
        id={`${id}-reason`}
        name="reason"
        label={
          <>
            Why are you dismissing it? <span className="font-normal text-slate-600">(optional)</span>
          </>
        }
        maxLength={500}
        value={reason}
        onChange={(event) => setReason(event.target.value)}
      />
      <div className="flex flex-wrap gap-2">
        <Button type="submit" variant="secondary" size="sm">
          Dismiss job
        </Button>
        <Button variant="ghost" size="sm" onClick={onCancel}>
          Keep it
        </Button>
      </div>
    </form>
  );
}
