import { KeysetPager } from "@/components/ui/keyset-pager";

/** Newest first: "Older" carries the cursor of the last notification shown; "Newest" drops it. */
export function InboxPagination({ newestHref, olderHref }: { newestHref: string | null; olderHref: string | null }) {
  return (
    <KeysetPager
      label="Pages of notifications"
      start={newestHref ? { href: newestHref, label: "Newest" } : null}
      next={olderHref ? { href: olderHref, label: "Older" } : null}
    />
  );
}
