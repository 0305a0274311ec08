"use client";

import { type KeyboardEvent, useEffect, useMemo, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { dateInputValue, pickedDay, snoozePresets } from "./snooze-presets";

export interface SnoozePickerProps {
  id: string;
  /** What is snoozed, for the form's accessible name. */
  title: string;
  /** The job's expiry: it cannot be snoozed past it (the server refuses too). */
  expiresAt: Date | null;
  pending: boolean;
  onSnooze: (until: Date) => void;
  onCancel: () => void;
}

/**
 * "Not now, until…": two presets (tomorrow and next week, in the morning) and
 * a day to pick. Opens with focus on the first preset; Escape or Cancel closes
 * it. Choices that would outlast the job's expiry are not offered.
 */
export function SnoozePicker({ id, title, expiresAt, pending, onSnooze, onCancel }: SnoozePickerProps) {
  // Rendered only once opened (in the browser), so the browser's clock and time zone are safe to read.
  const now = useMemo(() => new Date(), []);
  const presets = useMemo(() => snoozePresets(now), [now]);
  const [day, setDay] = useState("");
  const [problem, setProblem] = useState<string | null>(null);
  const firstRef = useRef<HTMLButtonElement>(null);
  const inputRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    (firstRef.current ?? inputRef.current)?.focus();
  }, []);

  const fits = (until: Date) => !expiresAt || until < expiresAt;
  const offered = presets.filter((p) => fits(p.until));
  const tomorrow = new Date(now);
  tomorrow.setDate(now.getDate() + 1);
  const lastDay = expiresAt ? new Date(expiresAt.getTime() - 86_400_000) : new Date(now.getTime() + 365 * 86_400_000);

  function closeOnEscape(event: KeyboardEvent) {
    if (event.key === "Escape") {
      event.stopPropagation();
      onCancel();
    }
  }

  function submitDay() {
    const until = pickedDay(day);
    if (!until) return setProblem("Choose a day.");
    if (until <= new Date()) return setProblem("Choose a day after today.");
    if (!fits(until)) return setProblem("This job expires before then. Choose an earlier day.");
    setProblem(null);
    onSnooze(until);
  }

  return (
    <form
      id={id}
      aria-label={`Snooze “${title}”`}
      onKeyDown={closeOnEscape}
      onSubmit={(event) => {
        event.preventDefault();
        submitDay();
      }}
      className="mt-3 flex flex-col gap-3 rounded-md border border-slate-200 bg-slate-50 p-3"
    >
      <p className="text-sm text-slate-700">Put it away until then; it comes back by itself.</p>
      {offered.length > 0 && (
        <div className="flex flex-wrap gap-2">
          {offered.map((preset, i) => (
            <Button
              key={preset.key}
              ref={i === 0 ? firstRef : undefined}
              variant="secondary"
              size="sm"
              disabled={pending}
              onClick={() => onSnooze(preset.until)}
            >
              {preset.label}
            </Button>
          ))}
        </div>
      )}
      <div className="flex flex-wrap items-end gap-2">
        <div className="flex flex-col gap-1">
          <label htmlFor={`${id}-day`} className="text-sm font-medium text-slate-800">
            Or pick a day
          </label>
          <input
            ref={inputRef}
            id={`${id}-day`}
            type="date"
            value={day}
            min={dateInputValue(tomorrow)}
            max={dateInputValue(lastDay)}
            onChange={(event) => setDay(event.target.value)}
            aria-invalid={problem ? true : undefined}
            aria-describedby={problem ? `${id}-problem` : undefined}
            className="min-h-9 rounded-md border border-slate-300 bg-white px-2 text-base text-slate-900"
          />
        </div>
        <Button type="submit" variant="secondary" size="sm" disabled={pending || !day}>
          Snooze until then
        </Button>
        <Button variant="ghost" size="sm" onClick={onCancel}>
          Cancel
        </Button>
      </div>
      {problem && (
        <p id={`${id}-problem`} role="alert" className="text-sm text-red-700">
          {problem}
        </p>
      )}
    </form>
  );
}
