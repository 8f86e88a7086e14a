import { SkeletonRows } from "@/components/ui/skeleton-rows";

export default function Loading() {
  return <SkeletonRows />;
}
