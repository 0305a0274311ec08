import Link from "next/link";

const linkClass = "inline-flex min-h-11 items-center rounded-md border border-slate-300 bg-white px-4 text-sm font-medium text-slate-900 hover:bg-slate-100";

/**
 * Keyset paging: "Next page" carries the cursor of the last row shown, and
 * "First page" drops it. There is no "previous": the cursor only goes forward,
 * which is what keeps every page as fast as the first.
 */
export function QueuePagination({ firstHref, nextHref }: { firstHref: string | null; nextHref: string | null }) {
  if (!firstHref && !nextHref) return null;
  return (
    <nav aria-label="Pages of this queue" className="flex flex-wrap justify-between gap-2">
      {firstHref ? (
        <Link href={firstHref} className={linkClass}>
          <span aria-hidden="true">«&nbsp;</span>First page
        </Link>
      ) : (
        <span />
      )}
      {nextHref && (
        <Link href={nextHref} className={linkClass}>
          Next page<span aria-hidden="true">&nbsp;»</span>
        </Link>
      )}
    </nav>
  );
}
