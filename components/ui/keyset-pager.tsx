import Link from "next/link";

const linkClass =
  "inline-flex min-h-11 items-center rounded-md border border-slate-300 bg-white px-4 text-sm font-medium text-slate-900 hover:bg-slate-100";

export interface KeysetPagerProps {
  /** Names the navigation landmark: "Pages of this queue". */
  label: string;
  /** Back to the start (no cursor); null on the first page. */
  start: { href: string; label: string } | null;
  /** The page after this one (the cursor of the last row shown); null on the last page. */
  next: { href: string; label: string } | null;
}

/**
 * Keyset paging: forward from a cursor, or back to the start. There is no
 * "previous": the cursor only goes one way, which is what keeps every page as
 * fast as the first.
 */
export function KeysetPager({ label, start, next }: KeysetPagerProps) {
  if (!start && !next) return null;
  return (
    <nav aria-label={label} className="flex flex-wrap justify-between gap-2">
      {start ? (
        <Link href={start.href} className={linkClass}>
          <span aria-hidden="true">«&nbsp;</span>
          {start.label}
        </Link>
      ) : (
        <span />
      )}
      {next && (
        <Link href={next.href} className={linkClass}>
          {next.label}
          <span aria-hidden="true">&nbsp;»</span>
        </Link>
      )}
    </nav>
  );
}
