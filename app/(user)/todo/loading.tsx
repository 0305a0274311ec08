/** The todo page's shape while it loads: progress, then job cards. Announced once. */
export default function Loading() {
  return (
    <div role="status" aria-live="polite">
      <span className="sr-only">Loading your jobs…</span>
      <div aria-hidden="true" className="flex flex-col gap-8">
        <div>
          <div className="h-9 w-40 animate-pulse rounded bg-slate-200" />
          <div className="mt-2 h-5 w-72 max-w-full animate-pulse rounded bg-slate-200" />
        </div>
        <div className="rounded-lg border border-slate-200 bg-white p-4 sm:p-6">
          <div className="h-6 w-36 animate-pulse rounded bg-slate-200" />
          <div className="mt-3 h-3 w-full animate-pulse rounded-full bg-slate-200" />
        </div>
        <div className="flex flex-col gap-3">
          {Array.from({ length: 3 }, (_, i) => (
            <div key={i} className="flex gap-3 rounded-lg border border-slate-200 bg-white p-4 sm:p-5">
              <div className="size-6 shrink-0 animate-pulse rounded bg-slate-200" />
              <div className="flex-1 space-y-2">
                <div className="h-5 w-1/2 animate-pulse rounded bg-slate-200" />
                <div className="h-4 w-5/6 animate-pulse rounded bg-slate-200" />
                <div className="h-4 w-1/3 animate-pulse rounded bg-slate-200" />
              </div>
            </div>
          ))}
        </div>
      </div>
    </div>
  );
}
