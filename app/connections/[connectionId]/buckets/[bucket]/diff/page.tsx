import { Suspense } from "react";
import { ScanDiff } from "@/components/audit/scan-diff";
import { SkeletonRows } from "@/components/ui/skeleton-rows";
import { bucketPageParams } from "@/lib/api/bucket-page";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ connectionId: string; bucket: string }> };

export default async function ScanDiffPage({ params }: Props) {
  const { connection, bucket } = await bucketPageParams(params);
  return (
    <div className="space-y-4">
      <h2 className="text-lg font-semibold">Compare scans</h2>
      <Suspense fallback={<SkeletonRows />}>
        <ScanDiff connectionId={connection.id} bucket={bucket} />
      </Suspense>
    </div>
  );
}
