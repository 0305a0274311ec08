"use client";

import { useId, useState } from "react";
import { bulkStaffJobAction } from "@/app/(staff)/staff/actions";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import type { BulkAction } from "@/lib/server/commands/bulk-staff-job-action";
import type { BulkOutcomeData, StaffOption } from "./queue-table-row";
import { useQueueTable } from "./queue-table-provider";
import { TextDialog } from "./text-dialog";
import { useStaffAction } from "./use-staff-action";

const DONE: Record<BulkAction, string> = {
  claim: "claimed",
  unassign: "unassigned",
  assign: "assigned",
  resolve: "resolved",
  dismiss: "dismissed",
};
const jobs = (n: number) => `${n} ${n === 1 ? "job" : "jobs"}`;

export interface BulkActionBarProps {
  staffMembers: StaffOption[];
}

/**
 * The same staff actions on every selected row of the queue table (its
 * selection comes from QueueTableProvider). Each job succeeds or fails on its
 * own; the outcome says how many succeeded and lists each failure with its
 * reason. The table shows the outcome and unselects what succeeded, so the
 * outcome stays on screen when this bar leaves with the last row.
 */
export function BulkActionBar({ staffMembers }: BulkActionBarProps) {
  const { selectedRows: selected, bulkDone: onDone } = useQueueTable();
  const id = useId();
  const action = useStaffAction();
  const [running, setRunning] = useState<BulkAction | null>(null);
  const [dialog, setDialog] = useState<"resolve" | "dismiss" | null>(null);
  const [assignee, setAssignee] = useState("");
  const count = selected.length;
  const none = count === 0;

  function run(input: Parameters<typeof bulkStaffJobAction>[0]) {
    const targets = new Map(selected.map((row) => [row.id, row.targetId]));
    setRunning(input.action);
    action.run(
      () => bulkStaffJobAction(input),
      (result) => {
        setDialog(null);
        onDone({ result, targets });
      },
    );
  }
  const jobIds = selected.map((row) => row.id);

  function openDialog(kind: "resolve" | "dismiss") {
    action.clearError();
    setDialog(kind);
  }

  return (
    <section aria-labelledby={`${id}-title`} className="flex flex-col gap-3 rounded-lg border border-slate-200 bg-white p-3">
      <div className="flex flex-wrap items-center gap-2">
        <h2 id={`${id}-title`} className="mr-2 text-sm font-medium text-slate-900">
          {none ? "Select rows to act on several jobs at once" : `${jobs(count)} selected`}
        </h2>
        <Button
          size="sm"
          variant="secondary"
          disabled={none || action.pending}
          pending={action.pending && running === "claim"}
          pendingLabel="Claiming…"
          onClick={() => run({ action: "claim", jobIds })}
        >
          Claim selected
        </Button>
        <Button
          size="sm"
          variant="secondary"
          disabled={none || action.pending}
          pending={action.pending && running === "unassign"}
          pendingLabel="Unassigning…"
          onClick={() => run({ action: "unassign", jobIds })}
        >
          Unassign selected
        </Button>
        <Button size="sm" variant="secondary" disabled={none || action.pending} onClick={() => openDialog("resolve")}>
          Resolve selected…
        </Button>
        <Button size="sm" variant="secondary" disabled={none || action.pending} onClick={() => openDialog("dismiss")}>
          Dismiss selected…
        </Button>
        <form
          className="flex flex-wrap items-center gap-2"
          onSubmit={(event) => {
            event.preventDefault();
            run({ action: "assign", jobIds, assigneeId: assignee });
          }}
        >
          <label htmlFor={`${id}-assignee`} className="text-sm text-slate-800">
            Assign selected to
          </label>
          <select
            id={`${id}-assignee`}
            value={assignee}
            onChange={(event) => setAssignee(event.target.value)}
            required
            className="min-h-9 rounded-md border border-slate-300 bg-white px-2 text-sm text-slate-900"
          >
            <option value="">Choose a person…</option>
            {staffMembers.map((member) => (
              <option key={member.id} value={member.id}>
                {member.label}
              </option>
            ))}
          </select>
          <Button
            type="submit"
            size="sm"
            variant="secondary"
            disabled={none || action.pending || !assignee}
            pending={action.pending && running === "assign"}
            pendingLabel="Assigning…"
          >
            Assign
          </Button>
        </form>
      </div>

      {action.error && !dialog && <Alert tone="error">{action.error.message}</Alert>}

      <TextDialog
        open={dialog === "resolve"}
        title={`Resolve ${jobs(count)}`}
        description="Each selected job is marked resolved, with this note on its timeline."
        label="Resolution note"
        field="note"
        submitLabel={`Resolve ${jobs(count)}`}
        pendingLabel="Resolving…"
        pending={action.pending}
        error={action.error}
        onSubmit={(note) => run({ action: "resolve", jobIds, note })}
        onClose={() => setDialog(null)}
      />
      <TextDialog
        open={dialog === "dismiss"}
        title={`Dismiss ${jobs(count)}`}
        description="Each selected job is dismissed (nothing left to do), with this reason on its timeline."
        label="Reason"
        field="reason"
        required
        tone="danger"
        submitLabel={`Dismiss ${jobs(count)}`}
        pendingLabel="Dismissing…"
        pending={action.pending}
        error={action.error}
        onSubmit={(reason) => run({ action: "dismiss", jobIds, reason })}
        onClose={() => setDialog(null)}
      />
    </section>
  );
}

/** How many jobs a bulk action succeeded for, and each failure with its reason. */
export function BulkOutcome({ outcome: { result, targets } }: { outcome: BulkOutcomeData }) {
  const total = result.succeeded.length + result.failed.length;
  const summary = `${result.succeeded.length} of ${jobs(total)} ${DONE[result.action]}.`;
  if (result.failed.length === 0)
    return (
      <Alert tone="success" live={false}>
        {summary}
      </Alert>
    );
  return (
    <Alert tone="error" live={false} title={summary}>
      <p>{result.failed.length === 1 ? "This one was not:" : `These ${result.failed.length} were not:`}</p>
      <ul className="mt-1 list-disc pl-5">
        {result.failed.map((failure) => (
          <li key={failure.jobId}>
            <span className="font-mono">{targets.get(failure.jobId) ?? failure.jobId}</span>: {failure.message}
          </li>
        ))}
      </ul>
    </Alert>
  );
}
