const SHORTCUTS: [keys: string[], what: string][] = [
  [["j", "↓"], "Next row (from anywhere on the page, j moves into the table)"],
  [["k", "↑"], "Previous row"],
  [["Home", "End"], "First or last row"],
  [["Enter"], "Open the job's details"],
  [["c"], "Claim the job"],
  [["r"], "Resolve the job, with a note"],
  [["d"], "Dismiss the job, with a reason"],
  [["x", "Space"], "Select or unselect the row for a bulk action"],
];

/** The queue's keyboard shortcuts, behind a native disclosure so they cost no space until wanted. */
export function KeyboardShortcuts() {
  return (
    <details className="rounded-md border border-slate-200 bg-white px-4 py-2 text-sm">
      <summary className="min-h-9 cursor-pointer py-2 font-medium text-slate-900">Keyboard shortcuts</summary>
      <p className="mt-1 text-slate-600">When a row of the table has focus:</p>
      <dl className="mt-2 grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 pb-2">
        {SHORTCUTS.map(([keys, what]) => (
          <div key={what} className="contents">
            <dt className="flex gap-1">
              {keys.map((key, i) => (
                <span key={key}>
                  {i > 0 && <span className="sr-only"> or </span>}
                  <kbd className="rounded border border-slate-300 bg-slate-50 px-1.5 font-mono text-xs text-slate-900">{key}</kbd>
                </span>
              ))}
            </dt>
            <dd className="text-slate-700">{what}</dd>
          </div>
        ))}
      </dl>
    </details>
  );
}
