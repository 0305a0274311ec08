"use client";

import { useActionState } from "react";
import { markGuideReadAction } from "@/app/(user)/guide/actions";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";

/** "Mark as read": completes the guide job. The page re-renders as read when the server has it. */
export function MarkGuideReadButton() {
  const [state, action, pending] = useActionState(markGuideReadAction, null);
  return (
    <form action={action} className="flex flex-col items-start gap-3">
      <Button type="submit" pending={pending} pendingLabel="Saving…">
        Mark as read
      </Button>
      {state?.result.ok === false && <Alert tone="error">{state.result.error.message}</Alert>}
    </form>
  );
}
