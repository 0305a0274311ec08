import { KeysetPager } from "@/components/ui/keyset-pager";

/** "Next page" carries the cursor of the last row shown; "First page" drops it. */
export function QueuePagination({ firstHref, nextHref }: { firstHref: string | null; nextHref: string | null }) {
  return (
    <KeysetPager
      label="Pages of this queue"
      start={firstHref ? { href: firstHref, label: "First page" } : null}
      next={nextHref ? { href: nextHref, label: "Next page" } : null}
    />
  );
}
