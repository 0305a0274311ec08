"use client";

import { type FormEvent, useId, useRef, useState } from "react";
import {
  assignStaffJobAction,
  cancelStaffJobAction,
  claimStaffJobAction,
  completeStaffJobAction,
  reopenStaffJobAction,
  snoozeStaffJobAction,
  unassignStaffJobAction,
} from "@/app/(staff)/staff/actions";
import { SnoozePicker } from "@/components/snooze/snooze-picker";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { TextAreaField } from "@/components/ui/text-field";
import type { JobStatus } from "@/lib/db/client";
import type { ActionError } from "@/lib/validation/action-result";
import { formatDateTime } from "./format-date-time";
import { jobLabels } from "./job-labels";
import type { StaffOption } from "./queue-table-row";
import { TextDialog } from "./text-dialog";
import { useStaffAction } from "./use-staff-action";

export interface JobActionsPanelProps {
  jobId: string;
  /** Only a pending job can be acted on; for any other the panel says so (and keeps the last outcome on screen). */
  status: JobStatus;
  assignee: { id: string; name: string } | null;
  meId: string;
  staffMembers: StaffOption[];
  /** The job's title, for the snooze form's and the reopen dialog's names. */
  title: string;
  expiresAt: Date | null;
  /** Pending but put off until then (out of the queue); null when not snoozed. */
  snoozedUntil: Date | null;
  /** A resolved or dismissed job staff may still reopen until then; null when they may not. */
  reopenableUntil: Date | null;
}

function FieldError({ id, error, field }: { id: string; error: ActionError | null; field: string }) {
  const messages = error?.fieldErrors?.[field];
  if (!messages) return null;
  return (
    <p id={id} className="text-sm text-red-700">
      {messages.join(" ")}
    </p>
  );
}

/** Error for the whole action, when it is not about one field (that one shows by its field). */
function ActionAlert({ error, field }: { error: ActionError | null; field?: string }) {
  if (!error || (field && error.fieldErrors?.[field])) return null;
  return <Alert tone="error">{error.message}</Alert>;
}

/**
 * What staff can do with one pending job from its detail page: claim or
 * unassign it, hand it to someone, resolve it with a note or dismiss it with
 * a reason. Each part shows its own pending state and errors.
 */
export function JobActionsPanel({
  jobId,
  status,
  assignee,
  meId,
  staffMembers,
  title,
  expiresAt,
  snoozedUntil,
  reopenableUntil,
}: JobActionsPanelProps) {
  const id = useId();
  const assignment = useStaffAction();
  const resolve = useStaffAction();
  const dismiss = useStaffAction();
  const snooze = useStaffAction();
  const reopen = useStaffAction();
  const [pickingWhen, setPickingWhen] = useState(false);
  const [reopening, setReopening] = useState(false);
  const snoozeToggleRef = useRef<HTMLButtonElement>(null);
  const [done, setDone] = useState("");
  const [assigneeId, setAssigneeId] = useState("");
  const [running, setRunning] = useState<"claim" | "unassign" | "assign" | null>(null);
  const mine = assignee?.id === meId;

  function assign(kind: "claim" | "unassign" | "assign") {
    setRunning(kind);
    setDone("");
    const call =
      kind === "claim"
        ? () => claimStaffJobAction({ jobId })
        : kind === "unassign"
          ? () => unassignStaffJobAction({ jobId })
          : () => assignStaffJobAction({ jobId, assigneeId });
    assignment.run<unknown>(call, () =>
      setDone(kind === "claim" ? "You claimed this job." : kind === "unassign" ? "The job is unassigned." : "The job is assigned."),
    );
  }

  function text(event: FormEvent<HTMLFormElement>, name: string): string {
    event.preventDefault();
    const value = new FormData(event.currentTarget).get(name);
    return typeof value === "string" ? value : "";
  }

  const outcome = (
    <p role="status" className="text-sm font-medium text-emerald-800 empty:hidden">
      {done}
    </p>
  );
  function snoozeUntil(until: Date | null) {
    setDone("");
    snooze.run<unknown>(
      () => snoozeStaffJobAction({ jobId, until }),
      () => {
        setPickingWhen(false);
        setDone(until ? `The job is snoozed until ${formatDateTime(until)}.` : "The job is back in the queue.");
      },
    );
  }

  if (status !== "pending") {
    return (
      <div className="flex flex-col gap-2">
        {outcome}
        <p className="text-sm text-slate-600">This job is {jobLabels.status[status].toLowerCase()}: there is nothing left to do with it.</p>
        {reopenableUntil && (
          <section aria-labelledby={`${id}-reopen`} className="mt-2 flex flex-col gap-2">
            <h3 id={`${id}-reopen`} className="font-medium text-slate-900">
              Reopen
            </h3>
            <p className="text-sm text-slate-600">
              Finished by mistake? It can be reopened until{" "}
              <time dateTime={reopenableUntil.toISOString()}>{formatDateTime(reopenableUntil)}</time>.
            </p>
            <div>
              <Button variant="secondary" onClick={() => setReopening(true)}>
                Reopen job…
              </Button>
            </div>
            <TextDialog
              open={reopening}
              title={`Reopen “${title}”`}
              description="It goes back to pending in its queue, and the reason is kept in its timeline."
              label="Why is it reopened?"
              field="reason"
              required
              submitLabel="Reopen job"
              pendingLabel="Reopening…"
              pending={reopen.pending}
              error={reopen.error}
              onSubmit={(reason) => {
                setDone("");
                reopen.run<unknown>(
                  () => reopenStaffJobAction({ jobId, reason }),
                  () => {
                    setReopening(false);
                    setDone("The job is reopened.");
                  },
                );
              }}
              onClose={() => {
                setReopening(false);
                reopen.clearError();
              }}
            />
          </section>
        )}
      </div>
    );
  }

  return (
    <div className="flex flex-col gap-6">
      {outcome}

      <section aria-labelledby={`${id}-assignment`} className="flex flex-col gap-3">
        <h3 id={`${id}-assignment`} className="font-medium text-slate-900">
          Assignment
        </h3>
        <div className="flex flex-wrap items-center gap-2">
          {!assignee ? (
            <Button
              variant="primary"
              onClick={() => assign("claim")}
              disabled={assignment.pending}
              pending={assignment.pending && running === "claim"}
              pendingLabel="Claiming…"
            >
              Claim this job
            </Button>
          ) : (
            <Button
              variant="secondary"
              onClick={() => assign("unassign")}
              disabled={assignment.pending}
              pending={assignment.pending && running === "unassign"}
              pendingLabel="Unassigning…"
            >
              {mine ? "Give it back (unassign)" : "Unassign"}
            </Button>
          )}
        </div>
        <form
          className="flex flex-wrap items-end gap-2"
          onSubmit={(event) => {
            event.preventDefault();
            assign("assign");
          }}
        >
          <div className="flex flex-col gap-1">
            <label htmlFor={`${id}-assignee`} className="text-sm font-medium text-slate-800">
              Assign to
            </label>
            <select
              id={`${id}-assignee`}
              value={assigneeId}
              onChange={(event) => setAssigneeId(event.target.value)}
              required
              aria-describedby={assignment.error?.fieldErrors?.assigneeId ? `${id}-assignee-error` : undefined}
              className="min-h-11 rounded-md border border-slate-300 bg-white px-3 text-base text-slate-900"
            >
              <option value="">Choose a staff member…</option>
              {staffMembers.map((member) => (
                <option key={member.id} value={member.id} disabled={member.id === assignee?.id}>
                  {member.label}
                  {member.id === meId ? " (you)" : ""}
                </option>
              ))}
            </select>
          </div>
          <Button
            type="submit"
            variant="secondary"
            disabled={assignment.pending || !assigneeId}
            pending={assignment.pending && running === "assign"}
            pendingLabel="Assigning…"
          >
            Assign
          </Button>
        </form>
        <FieldError id={`${id}-assignee-error`} error={assignment.error} field="assigneeId" />
        <ActionAlert error={assignment.error} field="assigneeId" />
      </section>

      <section aria-labelledby={`${id}-snooze`} className="flex flex-col gap-2">
        <h3 id={`${id}-snooze`} className="font-medium text-slate-900">
          Snooze
        </h3>
        {snoozedUntil ? (
          <>
            <p className="text-sm text-slate-700">
              Snoozed until <time dateTime={snoozedUntil.toISOString()}>{formatDateTime(snoozedUntil)}</time>: out of the queue until then.
            </p>
            <div>
              <Button variant="secondary" onClick={() => snoozeUntil(null)} pending={snooze.pending} pendingLabel="Waking…">
                Wake it now
              </Button>
            </div>
          </>
        ) : (
          <p className="text-sm text-slate-600">Not now? Put it out of the queue until a day; it comes back by itself.</p>
        )}
        <div>
          <Button
            ref={snoozeToggleRef}
            variant="ghost"
            aria-expanded={pickingWhen}
            aria-controls={pickingWhen ? `${id}-snooze-form` : undefined}
            onClick={() => setPickingWhen(!pickingWhen)}
            disabled={snooze.pending}
          >
            {snoozedUntil ? "Snooze until another day…" : "Snooze…"}
          </Button>
        </div>
        {pickingWhen && (
          <SnoozePicker
            id={`${id}-snooze-form`}
            title={title}
            expiresAt={expiresAt}
            pending={snooze.pending}
            onSnooze={snoozeUntil}
            onCancel={() => {
              setPickingWhen(false);
              snoozeToggleRef.current?.focus();
            }}
          />
        )}
        <ActionAlert error={snooze.error} field="until" />
        <FieldError id={`${id}-until-error`} error={snooze.error} field="until" />
      </section>

      <form
        aria-labelledby={`${id}-resolve`}
        className="flex flex-col gap-2"
        onSubmit={(event) => {
          const note = text(event, "note");
          setDone("");
          resolve.run<unknown>(
            () => completeStaffJobAction({ jobId, note }),
            () => setDone("The job is resolved."),
          );
        }}
      >
        <h3 id={`${id}-resolve`} className="font-medium text-slate-900">
          Resolve
        </h3>
        <TextAreaField
          id={`${id}-note`}
          name="note"
          label={
            <>
              Resolution note <span className="font-normal text-slate-600">(optional)</span>
            </>
          }
          maxLength={2000}
          errors={resolve.error?.fieldErrors?.note}
        />
        <ActionAlert error={resolve.error} field="note" />
        <div>
          <Button type="submit" pending={resolve.pending} pendingLabel="Resolving…">
            Resolve job
          </Button>
        </div>
      </form>

      <form
        aria-labelledby={`${id}-dismiss`}
        className="flex flex-col gap-2"
        onSubmit={(event) => {
          const reason = text(event, "reason");
          setDone("");
          dismiss.run<unknown>(
            () => cancelStaffJobAction({ jobId, reason }),
            () => setDone("The job is dismissed."),
          );
        }}
      >
        <h3 id={`${id}-dismiss`} className="font-medium text-slate-900">
          Dismiss
        </h3>
        <TextAreaField
          id={`${id}-reason`}
          name="reason"
          label="Reason"
          required
          maxLength={2000}
          errors={dismiss.error?.fieldErrors?.reason}
        />
        <ActionAlert error={dismiss.error} field="reason" />
        <div>
          <Button type="submit" variant="danger" pending={dismiss.pending} pendingLabel="Dismissing…">
            Dismiss job
          </Button>
        </div>
      </form>
    </div>
  );
}
