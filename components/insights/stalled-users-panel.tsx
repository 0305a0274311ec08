"use client";

import { type FormEvent, useId, useState, useTransition } from "react";
import { cancelOnboardingJobsAction, extendOnboardingJobsAction } from "@/app/(product)/insights/actions";
import { failureMessage } from "@/components/actions/run-action";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { KeysetPager } from "@/components/ui/keyset-pager";
import { ColumnHeaders } from "@/components/ui/column-headers";
import { TextField } from "@/components/ui/text-field";
import type { ActionResult } from "@/lib/validation/action-result";
import { ScrollRegion } from "./scroll-region";

export interface StalledUserRow {
  jobId: string;
  name: string | null;
  email: string;
  /** Formatted on the server, with the ISO time for <time>. */
  signedUp: { text: string; iso: string };
  waiting: { text: string; iso: string };
  expires: { text: string; iso: string } | null;
}

export interface StalledUsersPanelProps {
  rows: StalledUserRow[];
  /** The next page (keyset cursor in the URL); null on the last page. */
  nextHref: string | null;
  /** The first page, when this is not it. */
  firstHref: string | null;
  csvHref: string;
  /** How many are waiting in all (every page). */
  total: number;
}

type Feedback = { tone: "success" | "info" | "error"; text: string };

// Mirrors the commands' limits so the form says no before a round trip; the
// server checks again and its message wins.
const MAX_DAYS = 90;

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

function describeError(result: Extract<ActionResult<unknown>, { ok: false }>): Feedback {
  return { tone: "error", text: result.error.message };
}

/**
 * The people stalled at a step (or in one age bucket) with a checkbox each,
 * and what the product team can do about them in bulk: give them more days,
 * or cancel their jobs with a reason. The page re-renders from the server
 * after each action, so the list always shows what is true now.
 */
export function StalledUsersPanel({ rows, nextHref, firstHref, csvHref, total }: StalledUsersPanelProps) {
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [days, setDays] = useState("7");
  const [reason, setReason] = useState("");
  const [fieldErrors, setFieldErrors] = useState<Record<string, string[]>>({});
  const [feedback, setFeedback] = useState<Feedback | null>(null);
  const [pending, startTransition] = useTransition();
  const [running, setRunning] = useState<"extend" | "cancel" | null>(null);
  const countId = useId();

  // Rows that left the list (cancelled, or another page) are not selected any more.
  const visible = new Set(rows.map((row) => row.jobId));
  const chosen = [...selected].filter((id) => visible.has(id));
  const allChosen = rows.length > 0 && chosen.length === rows.length;

  function toggle(jobId: string, on: boolean) {
    setSelected((current) => {
      const next = new Set(current);
      if (on) next.add(jobId);
      else next.delete(jobId);
      return next;
    });
  }

  function run(kind: "extend" | "cancel", call: () => Promise<Feedback | null>) {
    setFeedback(null);
    setFieldErrors({});
    if (chosen.length === 0) {
      setFeedback({ tone: "error", text: "Select at least one person first." });
      return;
    }
    setRunning(kind);
    startTransition(async () => {
      try {
        const result = await call();
        if (result) setFeedback(result);
      } catch (error) {
        // The request itself failed (offline, server unreachable): there is no result to read.
        console.error("bulk action could not reach the server", error);
        setFeedback({ tone: "error", text: failureMessage(error) });
      } finally {
        setRunning(null);
      }
    });
  }

  function extend(event: FormEvent) {
    event.preventDefault();
    const n = Number(days);
    if (!Number.isInteger(n) || n < 1 || n > MAX_DAYS) {
      setFieldErrors({ days: [`Enter a whole number of days from 1 to ${MAX_DAYS}.`] });
      return;
    }
    run("extend", async () => {
      const result = await extendOnboardingJobsAction({ jobIds: chosen, days: n });
      if (!result.ok) {
        setFieldErrors(result.error.fieldErrors ?? {});
        return describeError(result);
      }
      setSelected(new Set());
      const { extended, skipped } = result.data;
      const text = [
        `Gave ${plural(extended, "job", "jobs")} ${plural(result.data.days, "more day", "more days")}.`,
        skipped > 0 ? `${plural(skipped, "job was", "jobs were")} no longer pending and left as they were.` : "",
      ];
      return { tone: extended > 0 ? "success" : "info", text: text.filter(Boolean).join(" ") };
    });
  }

  function cancel(event: FormEvent) {
    event.preventDefault();
    if (!reason.trim()) {
      setFieldErrors({ reason: ["Say why the jobs are cancelled."] });
      return;
    }
    run("cancel", async () => {
      const result = await cancelOnboardingJobsAction({ jobIds: chosen, reason });
      if (!result.ok) {
        setFieldErrors(result.error.fieldErrors ?? {});
        return describeError(result);
      }
      setSelected(new Set());
      setReason("");
      const { cancelled, skipped, failed } = result.data;
      const text = [
        `Cancelled ${plural(cancelled, "job", "jobs")}.`,
        skipped > 0 ? `${plural(skipped, "job had", "jobs had")} already ended.` : "",
        failed > 0 ? `${plural(failed, "job", "jobs")} could not be cancelled; select ${failed === 1 ? "it" : "them"} and try again.` : "",
      ];
      return { tone: failed > 0 ? "error" : "success", text: text.filter(Boolean).join(" ") };
    });
  }

  return (
    <div className="flex flex-col gap-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <p id={countId} className="text-sm text-slate-700" aria-live="polite">
          {chosen.length > 0 ? `${plural(chosen.length, "person", "people")} selected` : "Select people to act on them."} Showing{" "}
          {rows.length} of {total}.
        </p>
        {/* A plain link, not next/link: it is a file download, not a page. */}
        <a
          href={csvHref}
          download
          className="inline-flex min-h-11 items-center gap-2 rounded-md border border-slate-300 bg-white px-4 text-sm font-medium text-slate-900 hover:bg-slate-100"
        >
          <svg aria-hidden="true" viewBox="0 0 20 20" className="size-4" fill="currentColor">
            <path d="M10 2a1 1 0 0 1 1 1v8.6l2.3-2.3a1 1 0 1 1 1.4 1.4l-4 4a1 1 0 0 1-1.4 0l-4-4a1 1 0 1 1 1.4-1.4L9 11.6V3a1 1 0 0 1 1-1ZM4 16a1 1 0 1 0 0 2h12a1 1 0 1 0 0-2H4Z" />
          </svg>
          Download CSV of all {total}
        </a>
      </div>

      <div className="grid gap-4 rounded-md border border-slate-200 bg-slate-50 p-4 md:grid-cols-2">
        <form onSubmit={extend} noValidate className="flex flex-col gap-3" aria-labelledby="extend-title" aria-describedby={countId}>
          <h3 id="extend-title" className="font-medium text-slate-900">
            Give more time
          </h3>
          <TextField
            name="days"
            id="stalled-days"
            label="Days to add to their expiry"
            type="number"
            inputMode="numeric"
            min={1}
            max={MAX_DAYS}
            step={1}
            required
            value={days}
            onChange={(event) => setDays(event.target.value)}
            errors={fieldErrors.days}
          />
          <Button type="submit" pending={pending && running === "extend"} pendingLabel="Extending…">
            Extend selected jobs
          </Button>
        </form>
        <form onSubmit={cancel} noValidate className="flex flex-col gap-3" aria-labelledby="cancel-title" aria-describedby={countId}>
          <h3 id="cancel-title" className="font-medium text-slate-900">
            Cancel their jobs
          </h3>
          <TextField
            name="reason"
            id="stalled-reason"
            label="Reason for cancelling"
            hint="Kept on each job's history."
            maxLength={500}
            required
            value={reason}
            onChange={(event) => setReason(event.target.value)}
            errors={fieldErrors.reason}
          />
          <Button type="submit" variant="danger" pending={pending && running === "cancel"} pendingLabel="Cancelling…">
            Cancel selected jobs
          </Button>
        </form>
      </div>
      {/* Always in the page, so screen readers announce what is put in it. */}
      <div aria-live="polite" aria-atomic="true">
        {feedback && (
          <Alert tone={feedback.tone} live={false}>
            {feedback.text}
          </Alert>
        )}
      </div>
      <ScrollRegion label="People waiting">
        <table className="w-full min-w-[40rem] border-collapse text-sm">
          <caption className="sr-only">People waiting, longest first. Select them with the checkboxes to act on their jobs.</caption>
          <thead className="border-b border-slate-200 text-slate-700">
            <tr>
              <th scope="col" className="w-12 px-3 py-2 text-left">
                <input
                  type="checkbox"
                  className="size-5 accent-indigo-600"
                  aria-label="Select everyone on this page"
                  checked={allChosen}
                  ref={(node) => {
                    if (node) node.indeterminate = chosen.length > 0 && !allChosen;
                  }}
                  onChange={(event) => setSelected(event.target.checked ? new Set(rows.map((row) => row.jobId)) : new Set())}
                />
              </th>
              <ColumnHeaders className="font-medium" columns={["Person", "Signed up", "Waiting for", "Expires"]} />
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => {
              const who = row.name ?? row.email;
              return (
                <tr key={row.jobId} className="border-b border-slate-100 last:border-0">
                  <td className="px-3 py-2">
                    <input
                      type="checkbox"
                      className="size-5 accent-indigo-600"
                      aria-label={`Select ${who}`}
                      checked={selected.has(row.jobId)}
                      onChange={(event) => toggle(row.jobId, event.target.checked)}
                    />
                  </td>
                  <th scope="row" className="px-3 py-2 text-left font-normal">
                    <span className="block font-medium text-slate-900">{row.name ?? "(no name)"}</span>
                    <span className="block text-slate-600">{row.email}</span>
                  </th>
                  <td className="px-3 py-2">
                    <time dateTime={row.signedUp.iso}>{row.signedUp.text}</time>
                  </td>
                  <td className="px-3 py-2 tabular-nums">
                    <time dateTime={row.waiting.iso}>{row.waiting.text}</time>
                  </td>
                  <td className="px-3 py-2">{row.expires ? <time dateTime={row.expires.iso}>{row.expires.text}</time> : "Never"}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </ScrollRegion>

      <KeysetPager
        label="Pages of people waiting"
        start={firstHref ? { href: firstHref, label: "Back to the first page" } : null}
        next={nextHref ? { href: nextHref, label: "Next page" } : null}
      />
    </div>
  );
}
