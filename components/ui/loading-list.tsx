/** Placeholder rows while a page's data loads; announced once as "Loading <label>". */
export function LoadingList({ label, rows = 3 }: { label: string; rows?: number }) {
  return (
    <div role="status" aria-live="polite">
      <span className="sr-only">Loading {label}…</span>
      <div aria-hidden="true" className="space-y-3">
        <div className="h-8 w-48 animate-pulse rounded bg-slate-200" />
        {Array.from({ length: rows }, (_, i) => (
          <div key={i} className="h-20 animate-pulse rounded-lg bg-slate-200" />
        ))}
      </div>
    </div>
  );
}
