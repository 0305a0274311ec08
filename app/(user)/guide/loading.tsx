import { LoadingList } from "@/components/ui/loading-list";

export default function Loading() {
  return <LoadingList label="the guide" rows={2} />;
}
