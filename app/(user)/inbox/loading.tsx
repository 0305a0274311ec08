import { LoadingList } from "@/components/ui/loading-list";

/** The inbox's shape while it loads. Announced once. */
export default function Loading() {
  return <LoadingList label="your notifications" rows={4} />;
}
