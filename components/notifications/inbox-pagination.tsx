import Link from "next/link";

const linkClass = "inline-flex min-h-11 items-center rounded-md border border-slate-300 bg-white px-4 text-sm font-medium text-slate-900 hover:bg-slate-100";

/**
 * Keyset paging, newest first: "Older" carries the cursor of the last
 * notification shown; "Newest" drops it. No "newer" link: the cursor only
 * goes back in time, which keeps every page as fast as the first.
 */
export function InboxPagination({ newestHref, olderHref }: { newestHref: string | null; olderHref: string | null }) {
  if (!newestHref && !olderHref) return null;
  return (
    <nav aria-label="Pages of notifications" className="flex flex-wrap justify-between gap-2">
      {newestHref ? (
        <Link href={newestHref} className={linkClass}>
          <span aria-hidden="true">«&nbsp;</span>Newest
        </Link>
      ) : (
        <span />
      )}
      {olderHref && (
        <Link href={olderHref} className={linkClass}>
          Older<span aria-hidden="true">&nbsp;»</span>
        </Link>
      )}
    </nav>
  );
}
