import { LoadingList } from "@/components/ui/loading-list";

export default function Loading() {
  return <LoadingList label="the queue" rows={5} />;
}
