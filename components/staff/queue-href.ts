import type { QueueFilters } from "@/lib/server/queries/staff-queue";

/**
 * The URL of a queue page with these filters. Defaults are left out, so the
 * plain queue URL is the default view and links stay short enough to share.
 */
export function queueHref(jobType: string, filters: Partial<QueueFilters> = {}): string {
  const params = new URLSearchParams();
  if (filters.status && filters.status !== "pending") params.set("status", filters.status);
  if (filters.assigned && filters.assigned !== "everyone") params.set("assigned", filters.assigned);
  if (filters.q) params.set("q", filters.q);
  if (filters.sort && filters.sort !== "oldest") params.set("sort", filters.sort);
  if (filters.cursor) params.set("cursor", filters.cursor);
  const query = params.toString();
  return `/staff/queues/${encodeURIComponent(jobType)}${query ? `?${query}` : ""}`;
}
