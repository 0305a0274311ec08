import { LoadingList } from "@/components/ui/loading-list";

// The funnel, its table and the notifications: three panels on their way.
export default function Loading() {
  return <LoadingList label="insights" rows={3} />;
}
