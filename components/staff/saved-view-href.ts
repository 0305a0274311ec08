/** The queue page a saved view opens: its queue with its parameters (already without defaults). */
export function savedViewHref(jobType: string, params: Record<string, string>): string {
  const query = new URLSearchParams(params).toString();
  return `/staff/queues/${encodeURIComponent(jobType)}${query ? `?${query}` : ""}`;
}
