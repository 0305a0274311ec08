"use client";

import { useId, useState } from "react";
import { reviewDocumentAction } from "@/app/(staff)/staff/actions";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { TextAreaField } from "@/components/ui/text-field";
import { useStaffAction } from "./use-staff-action";

export interface DocumentReviewFormProps {
  documentId: string;
  /** Set once the document was decided: the form gives way to a note (and keeps the last outcome on screen). */
  decided: "approved" | "rejected" | null;
}

/**
 * Approve a document, or reject it with a reason the user will read. The
 * decision completes the review job; a rejection asks the user for a new upload.
 */
export function DocumentReviewForm({ documentId, decided }: DocumentReviewFormProps) {
  const id = useId();
  const review = useStaffAction();
  const [decision, setDecision] = useState<"approve" | "reject" | null>(null);
  const [done, setDone] = useState("");
  const reasonErrors = review.error?.fieldErrors?.reason;

  const outcome = (
    <p role="status" className="text-sm font-medium text-emerald-800 empty:hidden">
      {done}
    </p>
  );
  if (decided) {
    return (
      <div className="flex flex-col gap-2">
        {outcome}
        <p className="text-sm text-slate-600">This document was {decided}; there is nothing left to decide.</p>
      </div>
    );
  }

  return (
    <div className="flex flex-col gap-4">
      {outcome}
      {review.error && !reasonErrors && <Alert tone="error">{review.error.message}</Alert>}
      <div>
        <Button
          onClick={() => {
            setDecision("approve");
            review.run(
              () => reviewDocumentAction({ documentId, decision: "approve" }),
              () => setDone("The document is approved."),
            );
          }}
          disabled={review.pending}
          pending={review.pending && decision === "approve"}
          pendingLabel="Approving…"
        >
          Approve document
        </Button>
      </div>
      <form
        aria-labelledby={`${id}-reject`}
        className="flex flex-col gap-2"
        onSubmit={(event) => {
          event.preventDefault();
          const reason = new FormData(event.currentTarget).get("reason");
          setDecision("reject");
          review.run(
            () => reviewDocumentAction({ documentId, decision: "reject", reason: typeof reason === "string" ? reason : "" }),
            () => setDone("The document is rejected; the user has been asked for a new one."),
          );
        }}
      >
        <h3 id={`${id}-reject`} className="font-medium text-slate-900">
          Or reject it
        </h3>
        <TextAreaField
          id={`${id}-reason`}
          name="reason"
          label="Reason (the user will see it)"
          required
          minLength={3}
          maxLength={500}
          errors={reasonErrors}
        />
        <div>
          <Button
            type="submit"
            variant="danger"
            disabled={review.pending}
            pending={review.pending && decision === "reject"}
            pendingLabel="Rejecting…"
          >
            Reject document
          </Button>
        </div>
      </form>
    </div>
  );
}
