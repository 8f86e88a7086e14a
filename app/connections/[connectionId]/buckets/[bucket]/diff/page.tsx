import { Suspense } from "react";
import { ScanDiff } from "@/components/audit/scan-diff";
import { BucketCrumbs } from "@/components/ui/bucket-crumbs";
import { SkeletonRows } from "@/components/ui/skeleton-rows";
import { bucketPageParams } from "@/lib/api/bucket-page";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ connectionId: string; bucket: string }> };

export default async function ScanDiffPage({ params }: Props) {
  const { connection, bucket, bucketHref } = await bucketPageParams(params);
  return (
    <div className="space-y-4">
      <BucketCrumbs connectionName={connection.name} bucket={bucket} bucketHref={bucketHref} />
      <h1 className="text-2xl font-semibold">Compare scans</h1>
      <Suspense fallback={<SkeletonRows />}>
        <ScanDiff connectionId={connection.id} bucket={bucket} />
      </Suspense>
    </div>
  );
}
