"use client";

import { useState, useTransition } from "react";
import { completeMyJobAction } from "@/app/(user)/todo/actions";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";

/** Ticks off one of the person's own jobs. The list re-renders from the server when it succeeds. */
export function CompleteJobButton({ jobId, title }: { jobId: string; title: string }) {
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);

  function complete() {
    setError(null);
    startTransition(async () => {
      try {
        const result = await completeMyJobAction({ jobId });
        if (!result.ok) setError(result.error.message);
      } catch {
        // The request itself failed (offline, server unreachable): no result to read.
        setError("We could not reach the server. Check your connection and try again.");
      }
    });
  }

  return (
    <div className="flex flex-col items-start gap-2 sm:items-end">
      <Button variant="secondary" size="sm" onClick={complete} pending={pending} pendingLabel="Saving…" aria-label={`Mark "${title}" as done`}>
        <svg aria-hidden="true" viewBox="0 0 20 20" className="size-4" fill="currentColor">
          <path fillRule="evenodd" d="M16.7 5.3a1 1 0 0 1 0 1.4l-8 8a1 1 0 0 1-1.4 0l-4-4a1 1 0 1 1 1.4-1.4L8 12.6l7.3-7.3a1 1 0 0 1 1.4 0Z" clipRule="evenodd" />
        </svg>
        Done
      </Button>
      {error && <Alert tone="error">{error}</Alert>}
    </div>
  );
}
